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
        let arguments = try ParsedArguments(
            words, command: "report", valueOptions: StateOption.names.union(["plan", "format", "out"]), flags: [])
        try arguments.noPositionals()
        planID = try arguments.value("plan")
        state = try StateOption(arguments)
        format = try arguments.choice("format", default: .markdown, allowed: [.markdown, .json])
        outPath = try arguments.value("out")
    }

    func run() throws -> Int32 {
        let store = try StoredPlans.openReading(state)
        let plan = try StoredPlans.load(planID, from: store, state: state)
        let text = Rendering.render(plan, format)
        guard let outPath else {
            Console.out(text)
            return ExitCode.success
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: outPath), options: .atomic)
        } catch {
            throw CommandFailure(
                "cannot write the report to \(outPath): \(error.localizedDescription). Check the directory exists and is writable."
            )
        }
        Console.err("Wrote the \(format.rawValue) report of plan \(plan.header.id) to \(outPath).")
        return ExitCode.success
    }
}

/// Opening the state file and finding a plan in it, with errors that say what to do.
enum StoredPlans {
    /// The state file of a command that changes nothing in it, opened read-only: no create,
    /// migration, chmod or WAL switch, so it works on a read-only file or directory.
    static func openReading(_ state: StateOption) throws -> SQLitePlanStore {
        try requireExisting(state)
        return try SQLitePlanStore(path: state.path, readOnly: true)
    }

    /// The state file of apply and rollback, which record every step in it.
    static func open(_ state: StateOption) throws -> SQLitePlanStore {
        try requireExisting(state)
        return try SQLitePlanStore(path: state.path)
    }

    private static func requireExisting(_ state: StateOption) throws {
        var info = stat()
        guard lstat(state.path, &info) == 0 else {
            throw CommandFailure("no state file at \(state.path): run 'irsa-migrate plan ...' first, or pass --state FILE")
        }
    }

    static func load(_ id: String?, from store: SQLitePlanStore, state: StateOption) throws -> Plan {
        let resolved: String
        if let id {
            resolved = try store.resolvePlanID(prefix: id)
        } else {
            guard let latest = try store.latestPlanID() else {
                throw CommandFailure("the state file \(state.path) holds no plan yet: run 'irsa-migrate plan ...' first")
            }
            resolved = latest
        }
        guard let plan = try store.plan(id: resolved) else {
            throw CommandFailure("plan \(resolved) is not in \(state.path): 'irsa-migrate status' lists the stored plans")
        }
        return plan
    }
}
