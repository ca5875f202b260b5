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

/// Picks the steps to undo, newest first.
struct RollbackPlanner {
    let plan: Plan
    let entries: [String: JournalEntry]

    /// Steps that may have changed the target (applied, interrupted, or failed after they
    /// started), newest first.
    var undoable: [Step] {
        plan.steps.filter { entries[$0.id]?.mayHaveChanged ?? false }.sorted { $0.position > $1.position }
    }

    func select(_ selection: RollbackSelection) -> [Step] {
        switch selection {
        case .all: return undoable
        case .steps(let count): return Array(undoable.prefix(max(0, count)))
        case .to(let position): return undoable.filter { $0.position > position }
        case .workload(let ref): return workloadSteps(ref)
        }
    }

    private func workloadSteps(_ ref: ObjectRef) -> [Step] {
        let candidates = undoable
        var chosen = Set(candidates.filter { $0.target == .object(ref) }.map(\.id))
        let accounts = Set(plan.steps.filter { $0.target == .object(ref) }.compactMap { $0.payload.check?.serviceAccount })
        for account in accounts where !otherWorkloadRuns(as: account, besides: ref) {
            chosen.formUnion(candidates.filter { $0.action == .verifyAssumeRole && $0.target == .object(account) }.map(\.id))
        }
        var changed = true
        while changed {
            changed = false
            for step in candidates where !chosen.contains(step.id) {
                // Going back to kiam needs the kiam trust and namespace restrictions cleanup removed.
                let isDependantCleanup = step.phase == .cleanup && step.dependsOn.contains(where: chosen.contains)
                // A service account or trust step goes when everything applied that needs it goes.
                let users = candidates.filter { $0.dependsOn.contains(step.id) }
                let isUnusedPrerequisite =
                    [.createServiceAccount, .annotateServiceAccount, .addTrustStatements].contains(step.action)
                    && !users.isEmpty && users.allSatisfy { chosen.contains($0.id) }
                if isDependantCleanup || isUnusedPrerequisite {
                    chosen.insert(step.id)
                    changed = true
                }
            }
        }
        return candidates.filter { chosen.contains($0.id) }
    }

    /// Whether another workload's applied switch runs it as `account`.
    private func otherWorkloadRuns(as account: ObjectRef, besides ref: ObjectRef) -> Bool {
        plan.steps.contains { verify in
            verify.action == .verifyWorkload && verify.target != .object(ref)
                && verify.payload.check?.serviceAccount == account
                && (entries[Step.id(action: .switchWorkload, target: verify.target)]?.mayHaveChanged ?? false)
        }
    }
}
