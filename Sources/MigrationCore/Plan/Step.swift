/// One reviewable change (or check) in a plan, with everything needed to do it, to check
/// that its target has not drifted, and to undo it.
public struct Step: Equatable, Sendable {
    public var position: Int
    public var phase: Phase
    public var target: StepTarget
    public var status: StepStatus
    /// One line for people.
    public var summary: String
    /// Ids of steps that must be applied first.
    public var dependsOn: [String]
    /// `sha256:` of the target's state the step was planned from; empty for checks.
    public var fingerprint: String
    /// What the step does and what undoes it (see docs/plan-format.md).
    public var payload: StepPayload
    /// Who else writes the target (Argo CD, Helm, Terraform, ...); nil when nothing marks it.
    public var owner: Owner?

    public init(
        position: Int = 0, phase: Phase, target: StepTarget, summary: String, dependsOn: [String] = [],
        fingerprint: String = "", payload: StepPayload, status: StepStatus = .pending
    ) {
        self.position = position
        self.phase = phase
        self.target = target
        self.status = status
        self.summary = summary
        self.dependsOn = dependsOn
        self.fingerprint = fingerprint
        self.payload = payload
    }

    public var action: Action { payload.action }

    /// Stable within a plan: `ACTION:TARGET`.
    public var id: String { Self.id(action: action, target: target) }

    /// The one place the step id format is written.
    public static func id(action: Action, target: StepTarget) -> String { "\(action.rawValue):\(target)" }
}

extension Step: Codable {
    enum CodingKeys: String, CodingKey {
        case position, id, phase, action, target, status, summary, dependsOn, fingerprint, forward, inverse, owner
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(phase, forKey: .phase)
        try container.encode(action, forKey: .action)
        try container.encode(target, forKey: .target)
        try container.encode(status, forKey: .status)
        try container.encode(fingerprint, forKey: .fingerprint)
        try encodeContent(to: &container, dependsOn: dependsOn)
    }

    /// The members the state file's `steps` row does not hold (see `Plan+StoredForm.swift`).
    func encodeContent(
        to container: inout KeyedEncodingContainer<CodingKeys>, dependsOn: some Encodable, inverses: Bool = true
    ) throws {
        try container.encode(position, forKey: .position)
        try container.encode(summary, forKey: .summary)
        try container.encode(dependsOn, forKey: .dependsOn)
        try payload.encode(to: &container, inverses: inverses)
        try container.encodeIfPresent(owner, forKey: .owner)
    }

    /// The stored `id` is not read back: it always follows from the action and the target.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        position = try container.decode(Int.self, forKey: .position)
        phase = try container.decode(Phase.self, forKey: .phase)
        target = try container.decode(StepTarget.self, forKey: .target)
        status = try container.decode(StepStatus.self, forKey: .status)
        summary = try container.decode(String.self, forKey: .summary)
        dependsOn = try container.decode([String].self, forKey: .dependsOn)
        fingerprint = try container.decode(String.self, forKey: .fingerprint)
        payload = try StepPayload(action: try container.decode(Action.self, forKey: .action), from: container)
        owner = try container.decodeIfPresent(Owner.self, forKey: .owner)
    }
}
