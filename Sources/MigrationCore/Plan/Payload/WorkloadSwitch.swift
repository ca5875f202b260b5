/// `switch-workload`: one patch of the pod template that removes the kiam annotation and,
/// when the workload moves to another service account, sets `serviceAccountName`, so the
/// rollout that follows lets the webhook inject IRSA.
public struct WorkloadSwitch: StepPayloadCoding {
    /// The kiam annotation's value before the switch (rollback puts it back).
    public var previousKiamRole: String
    /// The change of service account; nil when the workload keeps its own.
    public var serviceAccount: AccountChange?

    public struct AccountChange: Equatable, Sendable {
        /// `serviceAccountName` before; nil when it was unset (the `default` account).
        public var from: String?
        public var to: String

        public init(from: String?, to: String) {
            self.from = from
            self.to = to
        }
    }

    public init(previousKiamRole: String, serviceAccount: AccountChange?) {
        self.previousKiamRole = previousKiamRole
        self.serviceAccount = serviceAccount
    }

    struct Forward: Codable {
        /// Always the kiam annotation; written so the plan document says what the patch removes.
        var removeAnnotations = [Annotations.kiamRole]
        var serviceAccountName: String?
    }

    struct Inverse: Codable {
        var annotations: [String: String]
        /// Present (possibly `null`) only when the switch changes the service account.
        var serviceAccountName: String??

        init(annotations: [String: String], serviceAccountName: String??) {
            self.annotations = annotations
            self.serviceAccountName = serviceAccountName
        }

        private enum CodingKeys: String, CodingKey { case annotations, serviceAccountName }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(annotations, forKey: .annotations)
            if let previous = serviceAccountName { try container.encode(previous, forKey: .serviceAccountName) }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            annotations = try container.decode([String: String].self, forKey: .annotations)
            serviceAccountName =
                container.contains(.serviceAccountName)
                ? .some(try container.decodeIfPresent(String.self, forKey: .serviceAccountName)) : nil
        }
    }

    var forward: Forward { Forward(serviceAccountName: serviceAccount?.to) }

    var inverse: Inverse? {
        Inverse(annotations: [Annotations.kiamRole: previousKiamRole], serviceAccountName: serviceAccount.map { $0.from })
    }

    init(forward: Forward, inverse: Inverse?) throws {
        guard let inverse, let kiamRole = inverse.annotations[Annotations.kiamRole] else {
            throw PlanFormatError("a switch-workload step has no previous kiam annotation")
        }
        let change = forward.serviceAccountName.map { AccountChange(from: inverse.serviceAccountName ?? nil, to: $0) }
        self.init(previousKiamRole: kiamRole, serviceAccount: change)
    }
}
