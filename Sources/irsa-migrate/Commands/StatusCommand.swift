import Foundation
import MigrationCore
import StateStore

/// `irsa-migrate status [--plan ID] [--format text|json]`: the stored plans, and every step
/// of one plan with its state, attempts and last error.
struct StatusCommand {
    var planID: String?
    var state: StateOption
    var format: OutputFormat

    init(_ words: [String]) throws(UsageError) {
        let arguments = try ParsedArguments(words, for: Commands.status)
        try arguments.noPositionals()
        planID = try arguments.value(Options.plan)
        state = try StateOption(arguments)
        format = try arguments.choice(Options.statusFormat)
    }

    func run() throws -> Int32 {
        let store = try StoredPlans.openReading(state)
        let plan = try StoredPlans.loadHeading(planID, from: store, state: state)
        let records = try store.steps(planID: plan.header.id)
        Console.out(
            format == .json ? StatusRendering.json(plan, records) : StatusRendering.text(plan, records, plans: try store.plans()))
        return ExitCode.success
    }
}
