/// What happened to one step in one run of apply or rollback: the line the CLI prints.
public struct StepOutcome: Sendable, Equatable {
    public enum Result: String, Sendable, Equatable, CaseIterable {
        /// The change was made (or the check passed, or the step was undone).
        case ok
        /// The target was already as desired (or the step was already applied); nothing written.
        case unchanged
        /// The change was made and holds, but the target read back differs from what was
        /// written: someone else changed it at the same time. Applied, yet the run fails.
        case concurrent
        case failed
        /// The target changed since the plan was made; refused, nothing written.
        case stale
        /// Not run: a step it depends on is not applied.
        case skipped
        /// Not run: its gate (verify passed, token lifetime elapsed) is not open yet.
        case gated
        /// Not patched: its target is owned (GitOps or IaC) and the owner has not synced the
        /// change yet; apply records it `applied` once it reads the planned state back.
        case external
        /// Not run: a step it depends on waits for its owner's sync (`external`).
        case waiting
    }

    public var position: Int
    public var action: Action
    public var target: String
    public var result: Result
    /// Wall time spent on the step, from the injected clock.
    public var durationSeconds: Double
    public var message: String

    public init(position: Int, action: Action, target: String, result: Result, durationSeconds: Double = 0, message: String) {
        self.position = position
        self.action = action
        self.target = target
        self.result = result
        self.durationSeconds = durationSeconds
        self.message = message
    }

    init(_ step: Step, _ result: Result, _ message: String, seconds: Double = 0) {
        self.init(
            position: step.position, action: step.action, target: step.target.description, result: result,
            durationSeconds: seconds,
            message: message)
    }

    /// `ok 3 add-trust-statements arn:... (0.4s): message`, sqitch-style.
    public var line: String {
        let time = (durationSeconds * 10).rounded() / 10
        return "\(result.rawValue) \(position) \(action.rawValue) \(target) (\(time)s)" + (message.isEmpty ? "" : ": \(message)")
    }

    var isSuccess: Bool { result == .ok || result == .unchanged }

    /// Nothing failed: the step waits for an owner's sync, itself or through a dependency.
    public var isWaiting: Bool { result == .external || result == .waiting }

    /// The step's change is in place, so the steps that depend on it may run.
    var leftApplied: Bool { isSuccess || result == .concurrent }
}
