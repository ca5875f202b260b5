/// `switch-workload`: one patch of the pod template that removes the kiam annotation (when
/// there is one) and, when the workload moves to another service account, sets
/// `serviceAccountName`, so the rollout that follows lets the webhook inject IRSA. An
/// instance-role plan switches a workload that had no kiam annotation to a dedicated account.
public struct WorkloadSwitch: StepPayloadCoding {
    /// The role annotation the agent reads: `iam.amazonaws.com/role`, or kube2iam's `--iam-role-key`.
    public var annotationKey: String
    /// The role annotation's value before the switch (rollback puts it back); nil when the
    /// workload had none (instance-role plans): the patch then only changes the account.
    public var previousKiamRole: String?
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

    public init(previousKiamRole: String?, serviceAccount: AccountChange?, annotationKey: String = Annotations.kiamRole) {
        self.annotationKey = annotationKey
        self.previousKiamRole = previousKiamRole
        self.serviceAccount = serviceAccount
    }

    struct Forward: Codable {
        /// The role annotation the patch removes (one key), or none.
        var removeAnnotations: [String]
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

    var forward: Forward {
        Forward(removeAnnotations: previousKiamRole == nil ? [] : [annotationKey], serviceAccountName: serviceAccount?.to)
    }

    var inverse: Inverse? {
        Inverse(
            annotations: previousKiamRole.map { [annotationKey: $0] } ?? [:], serviceAccountName: serviceAccount.map { $0.from })
    }

    init(forward: Forward, inverse: Inverse?) throws {
        guard forward.removeAnnotations.count <= 1 else {
            throw PlanFormatError("a switch-workload step removes at most one role annotation")
        }
        guard let inverse else {
            throw PlanFormatError(
                forward.removeAnnotations.first.map { "a switch-workload step has no previous value of \($0)" }
                    ?? "a switch-workload step has no inverse")
        }
        let change = forward.serviceAccountName.map { AccountChange(from: inverse.serviceAccountName ?? nil, to: $0) }
        guard let key = forward.removeAnnotations.first else {
            // Without a role annotation to remove, the switch must change the account.
            guard change != nil else {
                throw PlanFormatError("a switch-workload step must remove a role annotation or change the service account")
            }
            self.init(previousKiamRole: nil, serviceAccount: change)
            return
        }
        guard let previous = inverse.annotations[key] else {
            throw PlanFormatError("a switch-workload step has no previous value of \(key)")
        }
        self.init(previousKiamRole: previous, serviceAccount: change, annotationKey: key)
    }
}
