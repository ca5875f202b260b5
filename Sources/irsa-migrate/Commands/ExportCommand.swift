import Foundation
import MigrationCore
import StateStore

/// `irsa-migrate export [--plan ID] --out DIR`: the stored plan's changes to owned targets
/// as files for their owners' sources (contents from `GitOpsExport`; only writing here).
struct ExportCommand {
    var planID: String?
    var state: StateOption
    var outPath: String

    init(_ words: [String]) throws(UsageError) {
        let arguments = try ParsedArguments(words, for: Commands.export)
        try arguments.noPositionals()
        planID = try arguments.value(Options.plan)
        state = try StateOption(arguments)
        guard let out = try arguments.value(Options.exportOut) else {
            throw UsageError("export needs --out DIR: the directory to write the files into", command: "export")
        }
        outPath = out
    }

    func run() throws -> Int32 {
        let store = try StoredPlans.openReading(state)
        let plan = try StoredPlans.load(planID, from: store, state: state)
        let files = GitOpsExport.files(for: plan)
        for file in files { try file.write(under: outPath) }
        let owned = Set(plan.steps.compactMap { $0.owner?.folder }).count
        Console.err(
            "Wrote \(files.count) files for \(owned) owner\(owned == 1 ? "" : "s") of plan \(plan.header.id) to \(outPath); start with \(URL(fileURLWithPath: outPath).appendingPathComponent("INDEX.md").path)."
        )
        return ExitCode.success
    }
}
