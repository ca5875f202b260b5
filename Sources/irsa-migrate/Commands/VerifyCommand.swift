import ClusterIO
import Foundation
import MigrationCore
import StateStore

/// `irsa-migrate verify [--plan ID] [--only REF] [--namespace NS]`: the verify phase again,
/// checks that passed before included (after an issuer switch they must pass afresh). It
/// writes nothing to the cluster or IAM, so it does not ask.
struct VerifyCommand: Equatable {
    var planID: String?
    var selection: StepSelection
    var rolloutTimeout: Int
    var state: StateOption
    var live: LiveOptions

    init(_ words: [String]) throws(UsageError) {
        let arguments = try ParsedArguments(words, for: Commands.verify)
        try arguments.noPositionals()
        planID = try arguments.value(Options.plan)
        selection = try StepSelection(arguments)
        rolloutTimeout = try arguments.integer(Options.rolloutTimeout)
        state = try StateOption(arguments)
        live = try LiveOptions(arguments)
    }

    func run() async throws -> Int32 {
        try await ExecutionSession.runSteps(
            verb: "verify", planID: planID, state: state, live: live, rolloutTimeout: rolloutTimeout, yes: true
        ) { plan in
            ApplyOptions(phases: [.verify], stepIDs: selection.stepIDs(in: plan), recheck: true)
        }
    }
}
