import Foundation

/// The executor's bookkeeping: which selected steps wait, which finished, and the statuses
/// dependencies are judged by. Only the scheduling loop touches it, so it needs no lock.
struct Schedule {
    let byID: [String: Step]
    private(set) var entries: [String: JournalEntry]
    private var waiting: [Step]
    private var running: Set<StepTarget> = []
    /// Steps that finished this run without being applied: their dependants are skipped.
    private var notApplied: Set<String> = []
    private(set) var outcomes: [StepOutcome] = []
    /// Steps not run this time because what they depend on waits for an owner's sync.
    private var waitingSteps: Set<String> = []
    /// Checks that passed before run again.
    let recheck: Bool

    init(plan: Plan, selected: [Step], entries: [String: JournalEntry], recheck: Bool = false) {
        byID = Dictionary(plan.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        waiting = selected.sorted { $0.position < $1.position }
        self.entries = entries
        self.recheck = recheck
    }

    func status(_ id: String) -> StepStatus { entries[id]?.status ?? .pending }

    /// Up to `limit` steps that may start now, in position order, marked running. Steps that
    /// need no run (already applied) or cannot run (a dependency failed) finish on the way.
    mutating func ready(limit: Int) -> [Step] {
        var started: [Step] = []
        var index = 0
        while index < waiting.count {
            let step = waiting[index]
            if let outcome = immediateOutcome(step) {
                waiting.remove(at: index)
                finish(step, outcome)
                continue
            }
            let depsApplied = step.dependsOn.allSatisfy { status($0) == .applied }
            // Two steps on one target never run at once: both would read, then write, the same object.
            let targetFree = !running.contains(step.target)
            guard started.count < limit, depsApplied, targetFree else {
                index += 1
                continue
            }
            waiting.remove(at: index)
            running.insert(step.target)
            started.append(step)
        }
        return started
    }

    private func immediateOutcome(_ step: Step) -> StepOutcome? {
        switch status(step.id) {
        case .applied where !(recheck && step.action.isCheck):
            return StepOutcome(step, .unchanged, "already applied")
        case .reverting:
            return StepOutcome(step, .failed, "\(step.label) is being rolled back: finish 'irsa-migrate rollback' first")
        default:
            break
        }
        guard let blocker = step.dependsOn.first(where: notApplied.contains) else { return nil }
        let name = byID[blocker]?.label ?? blocker
        if status(blocker) == .external || waitingSteps.contains(blocker) {
            return StepOutcome(step, .waiting, "not run: it waits for the sync of \(name)")
        }
        return StepOutcome(step, .skipped, "not run: it depends on \(name), which did not apply")
    }

    mutating func finish(_ step: Step, _ outcome: StepOutcome, at time: Date? = nil) {
        running.remove(step.target)
        outcomes.append(outcome)
        if outcome.leftApplied {
            // A step applied in an earlier run keeps the time the journal recorded.
            if status(step.id) != .applied { entries[step.id] = JournalEntry(status: .applied, finishedAt: time) }
        } else {
            notApplied.insert(step.id)
            if outcome.result == .external { entries[step.id] = JournalEntry(status: .external, finishedAt: time) }
            if outcome.result == .waiting { waitingSteps.insert(step.id) }
            if outcome.result == .failed || outcome.result == .stale {
                entries[step.id] = JournalEntry(status: .failed, finishedAt: time)
            }
        }
    }

    /// Steps still waiting when nothing runs depend on a step outside this run that is not
    /// applied: they are skipped with the step to apply first. All outcomes, in position order.
    mutating func finishLeftovers() -> [StepOutcome] {
        for step in waiting {
            let missing = step.dependsOn.first { status($0) != .applied }
            let name = missing.map { byID[$0]?.label ?? $0 } ?? "a step"
            let phase = missing.flatMap { byID[$0]?.phase.rawValue }.map { " (apply phase \($0) first)" } ?? ""
            // A gated cleanup still waiting for its verify step reports the gate; --force skips the
            // gate check but never runs a step before the steps it depends on.
            let gated = step.payload.gate != nil && missing.flatMap { byID[$0]?.action.isCheck } == true
            if let missing, status(missing) == .external {
                outcomes.append(StepOutcome(step, .waiting, "not run: it waits for the sync of \(name)\(phase)"))
                continue
            }
            outcomes.append(
                gated
                    ? StepOutcome(step, .gated, "gated: verify has not passed: it waits for \(name)\(phase)")
                    : StepOutcome(step, .skipped, "not run: it waits for \(name), which is not applied\(phase)"))
        }
        waiting = []
        return outcomes.sorted { $0.position < $1.position }
    }
}
