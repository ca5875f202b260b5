/// Undoes steps one at a time, newest first, each from its recorded inverse and the LIVE
/// target. Steps a crash left `applying` or `reverting` are "maybe done": their undo looks at
/// the target and undoes what is there. When one cannot be undone, the steps it still relies
/// on stay (undoing them would take the credentials of what is still switched); the others go on.
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
        // Step id -> the failed step that still relies on it.
        var heldBy: [String: Step] = [:]
        for step in chosen {
            if let failed = heldBy[step.id] {
                outcomes.append(
                    StepOutcome(step, .skipped, "not undone: \(failed.label) is still in place and relies on it"))
                continue
            }
            let outcome = try await runner.revert(step, entry: entries[step.id])
            outcomes.append(outcome)
            if outcome.result == .failed {
                for id in prerequisites(of: step) where heldBy[id] == nil { heldBy[id] = step }
            }
        }
        let left = outcomes.filter { $0.result == .failed || $0.result == .skipped }.map(\.position).sorted()
        return ExecutionReport(outcomes: outcomes, stillApplied: left)
    }

    /// Every step `step` depends on, directly or not.
    func prerequisites(of step: Step) -> Set<String> {
        let byID = Dictionary(plan.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var found: Set<String> = []
        var queue = step.dependsOn
        while let id = queue.popLast() {
            guard found.insert(id).inserted else { continue }
            queue.append(contentsOf: byID[id]?.dependsOn ?? [])
        }
        return found
    }
}

/// Rollback makes no checks; the runner needs some verifier.
private struct NoVerifier: Verifier {
    func verify(_ step: Step) async throws -> VerificationResult {
        VerificationResult(passed: false, message: "not verified during rollback")
    }
}
