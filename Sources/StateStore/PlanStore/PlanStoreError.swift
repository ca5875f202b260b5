import MigrationCore

/// Failures of plan store operations that a user or caller can cause (SQLite failures
/// surface as `DatabaseError`).
public enum PlanStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Plan ids derive from the input and the second it was planned: the same plan saved
    /// twice, e.g. by two identical `plan` commands at once.
    case planExists(id: String, path: String)
    case planNotFound(id: String)
    case stepNotFound(planID: String, stepID: String)
    case emptyPrefix
    case unknownPrefix(String)
    case ambiguousPrefix(String, matches: [String])
    /// A status change the step state machine does not allow, e.g. `pending` to `applied`.
    case invalidTransition(planID: String, stepID: String, from: StepStatus, to: StepStatus)
    /// A stored value that this binary cannot read back (hand-edited or corrupted file).
    case corrupt(planID: String, detail: String)

    public var description: String {
        switch self {
        case .planExists(let id, let path):
            "plan \(id) is already stored in \(path): another 'irsa-migrate plan' of the same input saved it at the same moment; use that plan (see 'irsa-migrate status --state \(path)'), or run plan again for a new one"
        case .planNotFound(let id):
            "no plan \(id) in the state file"
        case .stepNotFound(let planID, let stepID):
            "plan \(planID) has no step \(stepID)"
        case .emptyPrefix:
            "a plan id (or a prefix of one) is required"
        case .unknownPrefix(let prefix):
            "no plan id in the state file starts with '\(prefix)'"
        case .ambiguousPrefix(let prefix, let matches):
            "plan id prefix '\(prefix)' is ambiguous: it matches \(matches.joined(separator: ", ")). Give more characters."
        case .invalidTransition(let planID, let stepID, let from, let to):
            "step \(stepID) of plan \(planID) is \(from.rawValue) and cannot become \(to.rawValue)"
        case .corrupt(let planID, let detail):
            "plan \(planID) in the state file cannot be read: \(detail)"
        }
    }
}
