import MigrationCore

/// A stored plan and how far its steps have got, for a listing of the state file.
public struct PlanSummaryRow: Equatable, Sendable {
    public var id: String
    public var kind: PlanKind
    /// ISO 8601 UTC, as in the plan header.
    public var createdAt: String
    public var toolVersion: String
    /// Steps per status; statuses with no steps are absent.
    public var stepCounts: [StepStatus: Int]

    public init(id: String, kind: PlanKind, createdAt: String, toolVersion: String, stepCounts: [StepStatus: Int]) {
        self.id = id
        self.kind = kind
        self.createdAt = createdAt
        self.toolVersion = toolVersion
        self.stepCounts = stepCounts
    }
}

/// The execution state of one step: the current-state row that `apply` and `rollback` update.
public struct StepRecord: Equatable, Sendable {
    public var planID: String
    public var position: Int
    public var id: String
    public var phase: Phase
    public var action: Action
    public var target: String
    public var fingerprint: String
    public var status: StepStatus
    /// How many times the step was marked `applying`.
    public var attempts: Int
    public var lastError: String?
    /// The target as observed before and after the step's side effect.
    public var before: JSONValue?
    public var after: JSONValue?
    /// ISO 8601 times passed in by the caller.
    public var startedAt: String?
    public var finishedAt: String?
}

/// One entry of the append-only audit log.
public struct EventRecord: Equatable, Sendable {
    /// Increases with every event in the file; gives the order of events.
    public var seq: Int
    public var at: String
    public var planID: String
    public var stepID: String?
    public var kind: String
    public var detail: JSONValue
}
