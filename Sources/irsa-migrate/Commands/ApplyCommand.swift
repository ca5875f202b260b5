import ClusterIO
import Foundation
import MigrationCore
import StateStore

/// `irsa-migrate apply [--plan ID] [--phase P]... [--only REF] [--namespace NS] ...`: runs
/// the chosen steps of a stored plan, asking first.
struct ApplyCommand: Equatable {
    var planID: String?
    /// Cleanup is opt-in: never run unless asked for by name.
    var phases: Set<Phase>
    var selection: StepSelection
    var concurrency: Int
    var force: Bool
    var patchOwned: Bool
    var detailedExitCode: Bool
    var yes: Bool
    var rolloutTimeout: Int
    var state: StateOption
    var live: LiveOptions

    static let defaultPhases: Set<Phase> = [.prepare, .cutover, .verify]

    init(_ words: [String]) throws(UsageError) {
        let arguments = try ParsedArguments(words, for: Commands.apply)
        try arguments.noPositionals()
        planID = try arguments.value(Options.plan)
        let chosen: [Phase] = try arguments.choices(Options.phase)
        phases = chosen.isEmpty ? Self.defaultPhases : Set(chosen)
        selection = try StepSelection(arguments)
        concurrency = try arguments.integer(Options.concurrency)
        rolloutTimeout = try arguments.integer(Options.rolloutTimeout)
        force = arguments.flag(Options.force)
        patchOwned = arguments.flag(Options.patchOwned)
        detailedExitCode = arguments.flag(Options.applyDetailedExitCode)
        yes = arguments.flag(Options.yes)
        state = try StateOption(arguments)
        live = try LiveOptions(arguments)
    }

    func run() async throws -> Int32 {
        try await ExecutionSession.runSteps(
            verb: "apply", planID: planID, state: state, live: live, rolloutTimeout: rolloutTimeout, yes: yes,
            detailedExitCode: detailedExitCode
        ) { plan in
            ApplyOptions(
                phases: phases, concurrency: concurrency, force: force, stepIDs: selection.stepIDs(in: plan),
                patchOwned: patchOwned)
        }
    }
}
