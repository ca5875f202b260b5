/// Which applied steps `rollback` undoes.
public enum RollbackSelection: Sendable, Equatable {
    /// The last N applied steps.
    case steps(Int)
    /// Every applied step after this position (the step at POSITION stays applied).
    case to(position: Int)
    /// The workload's switch and verify steps, the cleanup that relied on them, and its
    /// service-account and trust steps when no other applied step still needs them.
    case workload(ObjectRef)
    case all
}
