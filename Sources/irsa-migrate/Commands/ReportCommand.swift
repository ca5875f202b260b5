import Foundation
import MigrationCore
import StateStore

/// `irsa-migrate report [--plan ID] [--format markdown|json] [--out FILE]`: the stored plan
/// as a change-review document.
struct ReportCommand {
    var planID: String?
    var state: StateOption
    var format: OutputFormat
    var outPath: String?

    init(_ words: [String]) throws(UsageError) {
        let arguments = try ParsedArguments(words, for: Commands.report)
        try arguments.noPositionals()
        planID = try arguments.value(Options.plan)
        state = try StateOption(arguments)
        format = try arguments.choice(Options.reportFormat)
        outPath = try arguments.value(Options.reportOut)
    }

    func run() throws -> Int32 {
        let store = try StoredPlans.openReading(state)
        let plan = try StoredPlans.load(planID, from: store, state: state)
        guard let outPath else {
            Rendering.write(plan, format, to: Console.out)
            return ExitCode.success
        }
        do {
            try OutputFile.write(Data(Rendering.render(plan, format)), to: outPath)
        } catch {
            throw CommandFailure(
                "cannot write the report to \(outPath): \(error.localizedDescription). Check the directory exists and is writable."
            )
        }
        Console.err("Wrote the \(format.rawValue) report of plan \(plan.header.id) to \(outPath).")
        return ExitCode.success
    }
}
