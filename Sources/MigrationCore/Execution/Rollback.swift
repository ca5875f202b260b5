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

    /// `patchOwned`: undo steps on owned targets live too, instead of exporting their inverse.
    public func run(_ selection: RollbackSelection, patchOwned: Bool = false) async throws -> ExecutionReport {
        let entries = try await journal.entries()
        var runner = self.runner
        runner.patchOwned = patchOwned
        var inverses: [Int: InverseExport] = [:]
        let chosen = RollbackPlanner(plan: plan, entries: entries).select(selection)
        var outcomes: [StepOutcome] = []
        // Step id -> the step still in place that relies on it, and whether that one waits for a sync.
        var heldBy: [String: (Step, Bool)] = [:]
        for step in chosen {
            if let holder = heldBy[step.id] {
                let (held, waits) = holder
                outcomes.append(
                    waits
                        ? StepOutcome(step, .waiting, "not undone yet: \(held.label) waits for its owner's sync and relies on it")
                        : StepOutcome(step, .skipped, "not undone: \(held.label) is still in place and relies on it"))
                continue
            }
            let outcome: StepOutcome
            if let owner = runner.waitingOwner(step) {
                let (owned, inverse) = try await runner.revertOwned(step, owner, entry: entries[step.id])
                outcome = owned
                inverses[step.position] = inverse
            } else {
                outcome = try await runner.revert(step, entry: entries[step.id])
            }
            outcomes.append(outcome)
            if outcome.result == .failed || outcome.result == .external {
                for id in prerequisites(of: step) where heldBy[id] == nil { heldBy[id] = (step, outcome.result == .external) }
            }
        }
        let left = outcomes.filter { !$0.isSuccess }.map(\.position).sorted()
        var report = ExecutionReport(outcomes: outcomes, stillApplied: left)
        report.inverses = inverses
        return report
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
