import ClusterIO
import Foundation
import MigrationCore
import StateStore

/// `irsa-migrate apply [--plan ID] [--phase P]... [--only REF] [--namespace NS] ...` and
/// `irsa-migrate verify` (apply of the verify phase, which writes nothing, asks nothing, and
/// runs checks that passed before again: after an issuer switch they must pass afresh).
struct ApplyCommand: Equatable {
    var planID: String?
    /// Cleanup is opt-in: never run unless asked for by name.
    var phases: Set<Phase>
    var selection: StepSelection
    var concurrency: Int
    var force: Bool
    var yes: Bool
    var rolloutTimeout: Int
    var state: StateOption
    var live: LiveOptions
    let command: String

    static let defaultPhases: Set<Phase> = [.prepare, .cutover, .verify]

    init(_ words: [String], verifyOnly: Bool = false) throws(UsageError) {
        command = verifyOnly ? "verify" : "apply"
        let values = SourceOption.valueNames.subtracting(["snapshot"]).union(StateOption.names).union([
            "plan", "only", "namespace", "concurrency", "rollout-timeout",
        ])
        let arguments = try ParsedArguments(
            words, command: command, valueOptions: verifyOnly ? values : values.union(["phase"]),
            flags: verifyOnly ? [] : ["force", "yes"])
        try arguments.noPositionals()
        planID = try arguments.value("plan")
        phases = verifyOnly ? [.verify] : try Self.phases(arguments)
        selection = StepSelection(only: try Self.reference(arguments), namespace: try arguments.value("namespace"))
        if selection.only != nil && selection.namespace != nil {
            throw UsageError("--only and --namespace cannot be combined", command: command)
        }
        concurrency = try arguments.integer("concurrency", default: 4, range: 1...64)
        rolloutTimeout = try arguments.integer("rollout-timeout", default: 120, range: 1...86400)
        force = arguments.flags.contains("force")
        yes = verifyOnly || arguments.flags.contains("yes")
        state = try StateOption(arguments)
        guard case .live(let options) = try SourceOption(arguments) else {
            throw UsageError("\(command) works on the live cluster and accounts only", command: command)
        }
        live = options
    }

    static func phases(_ arguments: ParsedArguments) throws(UsageError) -> Set<Phase> {
        var phases: Set<Phase> = []
        for word in arguments.values["phase"] ?? [] {
            guard let phase = Phase(rawValue: word) else {
                throw UsageError(
                    "--phase must be one of prepare, cutover, verify, cleanup, not \(word)", command: arguments.command)
            }
            phases.insert(phase)
        }
        return phases.isEmpty ? defaultPhases : phases
    }

    static func reference(_ arguments: ParsedArguments) throws(UsageError) -> ObjectRef? {
        guard let text = try arguments.value("only") else { return nil }
        guard let ref = ObjectRef(parsing: text), ref.kind != .namespace, ref.kind != .serviceaccount else {
            throw UsageError(
                "--only needs a workload reference KIND/NAMESPACE/NAME (e.g. deployment/shop/api), not \(text)",
                command: arguments.command)
        }
        return ref
    }

    func run() async throws -> Int32 {
        let store = try StoredPlans.open(state)
        let plan = try StoredPlans.load(planID, from: store, state: state)
        let options = ApplyOptions(
            phases: phases, concurrency: concurrency, force: force, stepIDs: selection.stepIDs(in: plan),
            recheck: command == "verify")
        let chosen = plan.steps.filter { options.phases.contains($0.phase) && (options.stepIDs?.contains($0.id) ?? true) }
        guard !chosen.isEmpty else {
            Console.err("Plan \(plan.header.id) has no steps in the chosen phases and selection; nothing to do.")
            return ExitCode.success
        }
        let lock = try ExecutionSession.lock(state, command: "irsa-migrate \(command)")
        defer { lock.release() }
        if !yes { Console.err("Steps to run of plan \(plan.header.id):\n" + ExecutionSession.listing(chosen)) }
        try ExecutionSession.confirm("Apply \(chosen.count) step(s) to the cluster and AWS?", assumeYes: yes)
        let (gateway, verifier) = try await ExecutionSession.connect(live, rolloutTimeout: .seconds(rolloutTimeout))
        let journal = ProgressJournal(PlanJournal(store: store, planID: plan.header.id, lock: lock), plan: plan)
        let executor = Executor(plan: plan, gateway: gateway, journal: journal, verifier: verifier, clock: SystemClock())
        let report = try await executor.apply(options)
        ExecutionSession.print(report, verb: command)
        // A gated or skipped step was asked for and not done: a script must not go on as if it were.
        return report.succeeded ? ExitCode.success : ExitCode.failure
    }
}
