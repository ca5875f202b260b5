/// One reviewable change (or check) in a plan, with everything needed to do it, to check
/// that its target has not drifted, and to undo it.
public struct Step: Codable, Equatable, Sendable {
    public var position: Int
    /// Stable within a plan: `ACTION:TARGET`.
    public var id: String
    public var phase: Phase
    public var action: Action
    /// A reference (`serviceaccount/NS/NAME`) or an ARN.
    public var target: String
    public var status: StepStatus
    /// One line for people.
    public var summary: String
    /// Ids of steps that must be applied first.
    public var dependsOn: [String]
    /// `sha256:` of the target's state the step was planned from; empty for checks.
    public var fingerprint: String
    /// What the step does; its shape depends on `action` (see docs/plan-format.md).
    public var forward: JSONValue
    /// What undoes it; `.null` for checks and for steps with nothing to undo.
    public var inverse: JSONValue

    public init(
        position: Int = 0, phase: Phase, action: Action, target: String, summary: String,
        dependsOn: [String] = [], fingerprint: String = "", forward: JSONValue, inverse: JSONValue = .null,
        status: StepStatus = .pending
    ) {
        self.position = position
        self.id = "\(action.rawValue):\(target)"
        self.phase = phase
        self.action = action
        self.target = target
        self.status = status
        self.summary = summary
        self.dependsOn = dependsOn
        self.fingerprint = fingerprint
        self.forward = forward
        self.inverse = inverse
    }
}

public enum Phase: String, Codable, Sendable, CaseIterable, Comparable {
    case prepare, cutover, verify, cleanup

    private var rank: Int {
        switch self {
        case .prepare: 0
        case .cutover: 1
        case .verify: 2
        case .cleanup: 3
        }
    }

    public static func < (lhs: Phase, rhs: Phase) -> Bool { lhs.rank < rhs.rank }
}

public enum Action: String, Codable, Sendable, CaseIterable {
    case ensureOIDCProvider = "ensure-oidc-provider"
    case addTrustStatements = "add-trust-statements"
    case removeTrustStatements = "remove-trust-statements"
    case createServiceAccount = "create-service-account"
    case annotateServiceAccount = "annotate-service-account"
    case switchWorkload = "switch-workload"
    case verifyWorkload = "verify-workload"
    case verifyAssumeRole = "verify-assume-role"
    case removeNamespaceAnnotation = "remove-namespace-annotation"
    case deleteOIDCProvider = "delete-oidc-provider"

    /// A check of the verify phase: it changes nothing, so it may run again once applied.
    public var isCheck: Bool { self == .verifyWorkload || self == .verifyAssumeRole }
}

public enum StepStatus: String, Codable, Sendable, CaseIterable {
    case pending, applying, applied, failed, reverting, reverted
}
