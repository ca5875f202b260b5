/// The outcomes of a run, in plan position order, and the summary line under them.
public struct ExecutionReport: Sendable, Equatable {
    public var outcomes: [StepOutcome]
    /// Rollback only: steps that stayed applied after it stopped, so the user knows where they stand.
    public var stillApplied: [Int]
    /// Rollback only: by position, the inverse files of owned steps it did not undo live.
    public var inverses: [Int: InverseExport] = [:]

    public init(outcomes: [StepOutcome], stillApplied: [Int] = []) {
        self.outcomes = outcomes
        self.stillApplied = stillApplied
    }

    public func count(_ result: StepOutcome.Result) -> Int { outcomes.count { $0.result == result } }

    /// True when every step that ran succeeded (skipped and gated steps count as not done).
    /// Steps waiting for an owner's sync are not failures: apply exits 0 and says so
    /// (`waitingForSync`), and `--detailed-exitcode` turns them into exit 2.
    public var succeeded: Bool { outcomes.allSatisfy { $0.isSuccess || $0.isWaiting } }

    /// Steps that wait for a GitOps or IaC sync, themselves or through a dependency.
    public var waitingForSync: [StepOutcome] { outcomes.filter(\.isWaiting) }

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
