/// Undoes applied steps one at a time, newest first, each from its recorded inverse and the
/// LIVE target, and stops loudly at the first one that cannot be undone.
public struct Rollback: Sendable {
    public let plan: Plan
    let runner: StepRunner
    let journal: any StepJournal
    let clock: any WallClock

    public init(plan: Plan, gateway: any TargetGateway, journal: any StepJournal, clock: any WallClock) {
        self.plan = plan
        self.journal = journal
        self.clock = clock
        runner = StepRunner(
            gateway: gateway, journal: journal, verifier: NoVerifier(), clock: clock, quota: plan.header.options.trustPolicyQuota)
    }

    /// The steps `run(selection)` would undo, newest first, so the CLI can show them before asking.
    public func preview(_ selection: RollbackSelection) async throws -> [Step] {
        RollbackPlanner(plan: plan, entries: try await journal.entries()).select(selection)
    }

    public func run(_ selection: RollbackSelection) async throws -> ExecutionReport {
        let entries = try await journal.entries()
        let chosen = RollbackPlanner(plan: plan, entries: entries).select(selection)
        var outcomes: [StepOutcome] = []
        for (index, step) in chosen.enumerated() {
            let outcome = try await runner.revert(step, entry: entries[step.id])
            outcomes.append(outcome)
            if outcome.result == .failed {
                let left = chosen[index...].map(\.position).sorted()
                return ExecutionReport(outcomes: outcomes, stillApplied: left)
            }
        }
        return ExecutionReport(outcomes: outcomes)
    }
}

/// Rollback makes no checks; the runner needs some verifier.
private struct NoVerifier: Verifier {
    func verify(_ step: Step) async throws -> VerificationResult {
        VerificationResult(passed: false, message: "not verified during rollback")
    }
}
