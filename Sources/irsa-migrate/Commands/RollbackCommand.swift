import ClusterIO
import Foundation
import MigrationCore
import StateStore

/// `irsa-migrate rollback [--plan ID] (--steps N | --to POSITION | --workload REF | --all) [--yes]`:
/// undoes applied steps newest first, asking first.
struct RollbackCommand: Equatable {
    var planID: String?
    var selection: RollbackSelection
    var patchOwned: Bool
    /// Where the inverse files of owned steps go; stdout when nil.
    var out: String?
    var yes: Bool
    var state: StateOption
    var live: LiveOptions

    init(_ words: [String]) throws(UsageError) {
        let arguments = try ParsedArguments(words, for: Commands.rollback)
        try arguments.noPositionals()
        planID = try arguments.value(Options.plan)
        selection = try Self.selection(arguments)
        patchOwned = arguments.flag(Options.rollbackPatchOwned)
        out = try arguments.value(Options.rollbackOut)
        yes = arguments.flag(Options.yes)
        state = try StateOption(arguments)
        live = try LiveOptions(arguments)
    }

    static func selection(_ arguments: ParsedArguments) throws(UsageError) -> RollbackSelection {
        var chosen: [RollbackSelection] = []
        if arguments.isGiven(Options.steps) { chosen.append(.steps(try arguments.integer(Options.steps))) }
        if arguments.isGiven(Options.toPosition) { chosen.append(.to(position: try arguments.integer(Options.toPosition))) }
        if let text = try arguments.value(Options.workload) {
            guard let ref = ObjectRef(parsing: text) else {
                throw UsageError(
                    "--workload needs KIND/NAMESPACE/NAME (e.g. deployment/shop/api), not \(text)", command: "rollback")
            }
            chosen.append(.workload(ref))
        }
        if arguments.flag(Options.all) { chosen.append(.all) }
        guard chosen.count == 1, let selection = chosen.first else {
            throw UsageError("rollback needs exactly one of --steps N, --to POSITION, --workload REF, --all", command: "rollback")
        }
        return selection
    }

    func run() async throws -> Int32 {
        let store = try StoredPlans.open(state)
        let plan = try StoredPlans.load(planID, from: store, state: state)
        let lock = try ExecutionSession.lock(state, command: "irsa-migrate rollback")
        defer { lock.release() }
        let (gateway, _) = try await ExecutionSession.connect(live, rolloutTimeout: .seconds(120))
        let journal = ProgressJournal(PlanJournal(store: store, planID: plan.header.id, lock: lock), plan: plan)
        let rollback = Rollback(plan: plan, gateway: gateway, journal: journal, clock: SystemClock())
        let chosen = try await rollback.preview(selection)
        guard !chosen.isEmpty else {
            Console.err("Plan \(plan.header.id) has no applied steps in that selection; nothing to roll back.")
            return ExitCode.success
        }
        if !yes { Console.err("Steps to undo, newest first:\n" + ExecutionSession.listing(chosen)) }
        try ExecutionSession.confirm("Undo \(chosen.count) step(s) in the cluster and AWS?", assumeYes: yes)
        let report = try await rollback.run(selection, patchOwned: patchOwned)
        ExecutionSession.print(report, verb: "rollback")
        try InverseFiles.emit(report, plan: plan, out: out)
        guard report.succeeded else {
            Console.err(finishHint(report, plan: plan, chosen: chosen))
            return ExitCode.failure
        }
        return ExitCode.success
    }

    /// The last line of a rollback that stopped short: what is left and the command that finishes it.
    func finishHint(_ report: ExecutionReport, plan: Plan, chosen: [Step]) -> String {
        let rerun: String
        switch selection {
        case .all: rerun = "--all"
        case .workload(let ref): rerun = "--workload \(ref)"
        case .to(let position): rerun = "--to \(position)"
        // The count would pick other steps once some are undone: name the position instead.
        case .steps: rerun = "--to \(max(0, (chosen.map(\.position).min() ?? 1) - 1))"
        }
        let left = report.stillApplied.map(String.init).joined(separator: ", ")
        return
            "rollback did not finish: step(s) \(left) are not undone; fix what the failed line(s) name, then run 'irsa-migrate rollback --plan \(plan.header.id) \(rerun)' again with the same --state and cluster options (it skips what is already undone)"
    }
}
