import Foundation
import MigrationCore
import StateStore

/// The state file as the executor sees it, with a progress line on stderr when a step
/// starts (a rollout can take minutes, and the outcome lines come at the end).
struct ProgressJournal: StepJournal {
    let base: PlanJournal
    let steps: [String: Step]

    init(_ base: PlanJournal, plan: Plan) {
        self.base = base
        steps = Dictionary(plan.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private func announce(_ verb: String, _ id: String) {
        guard let step = steps[id] else { return }
        Console.err("\(verb) \(step.position) \(step.action.rawValue) \(step.target)")
    }

    func entries() async throws -> [String: JournalEntry] { try await base.entries() }
    func markApplying(_ stepID: String, at: Date) async throws {
        try await base.markApplying(stepID, at: at)
        announce(steps[stepID]?.action.isCheck == true ? "checking" : "applying", stepID)
    }
    func markApplied(_ stepID: String, before: JSONValue?, after: JSONValue?, at: Date) async throws {
        try await base.markApplied(stepID, before: before, after: after, at: at)
    }
    func markFailed(_ stepID: String, error: String, at: Date) async throws {
        try await base.markFailed(stepID, error: error, at: at)
    }
    func markExternal(_ stepID: String, before: JSONValue?, at: Date) async throws {
        try await base.markExternal(stepID, before: before, at: at)
    }
    func markReverting(_ stepID: String, at: Date) async throws {
        try await base.markReverting(stepID, at: at)
        announce("reverting", stepID)
    }
    func markReverted(_ stepID: String, at: Date) async throws { try await base.markReverted(stepID, at: at) }
    func appendEvent(_ stepID: String?, kind: String, detail: JSONValue, at: Date) async throws {
        try await base.appendEvent(stepID, kind: kind, detail: detail, at: at)
    }
}
