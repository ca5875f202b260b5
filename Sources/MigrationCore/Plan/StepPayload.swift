/// What a step does and what undoes it: one case per action, each with its own payload type.
/// The step's action is the case, so the two can never disagree.
public enum StepPayload: Equatable, Sendable {
    case ensureOIDCProvider(OIDCProviderEnsure)
    case addTrustStatements(TrustStatementEdit)
    case removeTrustStatements(TrustStatementEdit)
    case createServiceAccount(ServiceAccountCreation)
    case annotateServiceAccount(ServiceAccountAnnotation)
    case switchWorkload(WorkloadSwitch)
    case verifyWorkload(IdentityCheck)
    case verifyAssumeRole(IdentityCheck)
    case removeNamespaceAnnotation(NamespaceAnnotationRemoval)
    case deleteOIDCProvider(OIDCProviderDeletion)
    case createRole(RoleCreation)
    case attachRolePolicy(RolePolicyAttachment)
    case putRolePolicy(InlinePolicyPut)
    case restartWorkload(WorkloadRestart)
    case detachRolePolicy(RolePolicyAttachment)
    case deleteRolePolicy(InlinePolicyDeletion)

    public var action: Action {
        switch self {
        case .ensureOIDCProvider: .ensureOIDCProvider
        case .addTrustStatements: .addTrustStatements
        case .removeTrustStatements: .removeTrustStatements
        case .createServiceAccount: .createServiceAccount
        case .annotateServiceAccount: .annotateServiceAccount
        case .switchWorkload: .switchWorkload
        case .verifyWorkload: .verifyWorkload
        case .verifyAssumeRole: .verifyAssumeRole
        case .removeNamespaceAnnotation: .removeNamespaceAnnotation
        case .deleteOIDCProvider: .deleteOIDCProvider
        case .createRole: .createRole
        case .attachRolePolicy: .attachRolePolicy
        case .putRolePolicy: .putRolePolicy
        case .restartWorkload: .restartWorkload
        case .detachRolePolicy: .detachRolePolicy
        case .deleteRolePolicy: .deleteRolePolicy
        }
    }

    /// The trust edit of a trust step.
    public var trustEdit: TrustStatementEdit? {
        switch self {
        case .addTrustStatements(let edit), .removeTrustStatements(let edit): edit
        default: nil
        }
    }

    /// What a check proves.
    public var check: IdentityCheck? {
        switch self {
        case .verifyWorkload(let check), .verifyAssumeRole(let check): check
        default: nil
        }
    }

    /// The gate of an issuer-move cleanup step.
    public var gate: CleanupGate? {
        switch self {
        case .removeTrustStatements(let edit): edit.gate
        case .deleteOIDCProvider(let deletion): deletion.gate
        default: nil
        }
    }
}

extension StepPayload {
    /// Reads the `forward` and `inverse` of a step whose action is `action`.
    init(action: Action, from container: KeyedDecodingContainer<Step.CodingKeys>) throws {
        func read<P: StepPayloadCoding>(_: P.Type) throws -> P {
            let forward = try container.decode(P.Forward.self, forKey: .forward)
            let inverse = try container.decodeIfPresent(P.Inverse.self, forKey: .inverse)
            do {
                return try P(forward: forward, inverse: inverse)
            } catch let error as PlanFormatError {
                throw DecodingError.dataCorruptedError(forKey: .inverse, in: container, debugDescription: error.description)
            }
        }
        switch action {
        case .ensureOIDCProvider: self = .ensureOIDCProvider(try read(OIDCProviderEnsure.self))
        case .addTrustStatements: self = .addTrustStatements(try read(TrustStatementEdit.self))
        case .removeTrustStatements: self = .removeTrustStatements(try read(TrustStatementEdit.self))
        case .createServiceAccount: self = .createServiceAccount(try read(ServiceAccountCreation.self))
        case .annotateServiceAccount: self = .annotateServiceAccount(try read(ServiceAccountAnnotation.self))
        case .switchWorkload: self = .switchWorkload(try read(WorkloadSwitch.self))
        case .verifyWorkload: self = .verifyWorkload(try read(IdentityCheck.self))
        case .verifyAssumeRole: self = .verifyAssumeRole(try read(IdentityCheck.self))
        case .removeNamespaceAnnotation: self = .removeNamespaceAnnotation(try read(NamespaceAnnotationRemoval.self))
        case .deleteOIDCProvider: self = .deleteOIDCProvider(try read(OIDCProviderDeletion.self))
        case .createRole: self = .createRole(try read(RoleCreation.self))
        case .attachRolePolicy: self = .attachRolePolicy(try read(RolePolicyAttachment.self))
        case .putRolePolicy: self = .putRolePolicy(try read(InlinePolicyPut.self))
        case .restartWorkload: self = .restartWorkload(try read(WorkloadRestart.self))
        case .detachRolePolicy: self = .detachRolePolicy(try read(RolePolicyAttachment.self))
        case .deleteRolePolicy: self = .deleteRolePolicy(try read(InlinePolicyDeletion.self))
        }
    }

    /// `inverses: false` leaves out an inverse that reading ignores (the state file's form).
    func encode(to container: inout KeyedEncodingContainer<Step.CodingKeys>, inverses: Bool = true) throws {
        func write<P: StepPayloadCoding>(_ payload: P) throws {
            try container.encode(payload.forward, forKey: .forward)
            if !inverses && P.inverseFollowsFromForward { return }
            if let inverse = payload.inverse {
                try container.encode(inverse, forKey: .inverse)
            } else {
                try container.encodeNil(forKey: .inverse)
            }
        }
        switch self {
        case .ensureOIDCProvider(let payload): try write(payload)
        case .addTrustStatements(let payload), .removeTrustStatements(let payload): try write(payload)
        case .createServiceAccount(let payload): try write(payload)
        case .annotateServiceAccount(let payload): try write(payload)
        case .switchWorkload(let payload): try write(payload)
        case .verifyWorkload(let payload), .verifyAssumeRole(let payload): try write(payload)
        case .removeNamespaceAnnotation(let payload): try write(payload)
        case .deleteOIDCProvider(let payload): try write(payload)
        case .createRole(let payload): try write(payload)
        case .attachRolePolicy(let payload), .detachRolePolicy(let payload): try write(payload)
        case .putRolePolicy(let payload): try write(payload)
        case .restartWorkload(let payload): try write(payload)
        case .deleteRolePolicy(let payload): try write(payload)
        }
    }
}
