/// What happened to one step in one run of apply or rollback: the line the CLI prints.
public struct StepOutcome: Sendable, Equatable {
    public enum Result: String, Sendable, Equatable, CaseIterable {
        /// The change was made (or the check passed, or the step was undone).
        case ok
        /// The target was already as desired (or the step was already applied); nothing written.
        case unchanged
        case failed
        /// The target changed since the plan was made; refused, nothing written.
        case stale
        /// Not run: a step it depends on is not applied.
        case skipped
        /// Not run: its gate (verify passed, token lifetime elapsed) is not open yet.
        case gated
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
}

/// The outcomes of a run, in plan position order, and the summary line under them.
public struct ExecutionReport: Sendable, Equatable {
    public var outcomes: [StepOutcome]
    /// Rollback only: steps that stayed applied after it stopped, so the user knows where they stand.
    public var stillApplied: [Int]

    public init(outcomes: [StepOutcome], stillApplied: [Int] = []) {
        self.outcomes = outcomes
        self.stillApplied = stillApplied
    }

    public func count(_ result: StepOutcome.Result) -> Int { outcomes.count { $0.result == result } }

    /// True when every step that ran succeeded (skipped and gated steps count as not done).
    public var succeeded: Bool { outcomes.allSatisfy(\.isSuccess) }

    /// `5 ok, 2 unchanged, 1 failed, 3 skipped` (results with no step left out).
    public var summary: String {
        let parts = StepOutcome.Result.allCases.compactMap { result -> String? in
            let count = count(result)
            return count == 0 ? nil : "\(count) \(result.rawValue)"
        }
        var text = parts.isEmpty ? "nothing to do" : parts.joined(separator: ", ")
        if !stillApplied.isEmpty {
            text += "; still applied: steps " + stillApplied.map(String.init).joined(separator: ", ")
        }
        return text
    }
}
