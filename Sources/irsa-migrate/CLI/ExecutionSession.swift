import ClusterIO
import Foundation
import MigrationCore
import StateStore

/// What apply, verify and rollback share: the state-file lock, the live clients, the
/// confirmation prompt and the outcome lines.
enum ExecutionSession {
    /// The exclusive lock on the state file; a second apply or rollback is told who holds it.
    static func lock(_ state: StateOption, command: String) throws -> FileLock {
        do {
            return try FileLock(
                stateFile: state.path, holder: LockHolder(command: command, since: SystemClock.pinnable.now().iso8601))
        } catch let error as LockError {
            throw CommandFailure("\(command) refused: \(error)")
        }
    }

    /// The gateway and verifier over kubectl and one aws per profile. With several profiles,
    /// each one's account is learnt once (`sts get-caller-identity`) to route ARNs to it.
    static func connect(_ options: LiveOptions, rolloutTimeout: Duration) async throws -> (LiveTargetGateway, LiveVerifier) {
        let reader = InventorySource.liveReader(options)
        var accounts: [String: AWSCLI] = [:]
        if reader.accounts.count > 1 {
            for aws in reader.accounts { accounts[try await aws.getCallerIdentity()] = aws }
        }
        let gateway = LiveTargetGateway(kubectl: reader.kubectl, accounts: accounts, fallback: reader.accounts.first ?? AWSCLI())
        return (gateway, LiveVerifier(kubectl: reader.kubectl, gateway: gateway, rolloutTimeout: rolloutTimeout))
    }

    /// apply and verify: the steps `options` choose of the stored plan, under the lock, asking
    /// first unless `yes`. Exit 1 when a step asked for was not done (failed, stale, gated or
    /// skipped): a script must not go on as if it were. For apply, steps waiting for an owner's
    /// sync are not failures: exit 0, or 2 with `detailedExitCode` so a script can poll until
    /// the sync; for verify they are (exit 1), since its checks did not all run.
    static func runSteps(
        verb: String, planID: String?, state: StateOption, live: LiveOptions, rolloutTimeout: Int, yes: Bool,
        detailedExitCode: Bool = false, options makeOptions: (Plan) -> ApplyOptions
    ) async throws -> Int32 {
        let store = try StoredPlans.open(state)
        let plan = try StoredPlans.load(planID, from: store, state: state)
        let options = makeOptions(plan)
        let chosen = plan.steps.filter(options.selects)
        guard !chosen.isEmpty else {
            Console.err("Plan \(plan.header.id) has no steps in the chosen phases and selection; nothing to do.")
            return ExitCode.success
        }
        let lock = try lock(state, command: "irsa-migrate \(verb)")
        defer { lock.release() }
        if !yes { Console.err("Steps to run of plan \(plan.header.id):\n" + listing(chosen)) }
        try confirm("Apply \(chosen.count) step(s) to the cluster and AWS?", assumeYes: yes)
        let (gateway, connected) = try await connect(live, rolloutTimeout: .seconds(rolloutTimeout))
        var verifier = connected
        verifier.roleKeys = LiveVerifier.roleKeys(of: plan)
        let journal = ProgressJournal(PlanJournal(store: store, planID: plan.header.id, lock: lock), plan: plan)
        let executor = Executor(plan: plan, gateway: gateway, journal: journal, verifier: verifier, clock: SystemClock())
        let report = try await executor.apply(options)
        print(report, verb: verb)
        // verify proves something only when its checks ran: one still waiting for a sync fails it.
        guard report.succeeded, verb != "verify" || report.waitingForSync.isEmpty else { return ExitCode.failure }
        return detailedExitCode && !report.waitingForSync.isEmpty ? ExitCode.changesPlanned : ExitCode.success
    }

    /// Asks on the terminal unless `assumeYes`; refuses when there is no terminal to ask on.
    static func confirm(_ question: String, assumeYes: Bool) throws {
        if assumeYes { return }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CommandFailure("refusing to make changes without confirmation: standard input is not a terminal; pass --yes")
        }
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard answer == "y" || answer == "yes" else { throw CommandFailure("not confirmed; nothing was changed") }
    }

    /// `  3 prepare  add-trust-statements  arn:...`, for the list shown before asking.
    static func listing(_ steps: [Step]) -> String {
        steps.map { "  \($0.position) \($0.phase.rawValue) \($0.action.rawValue) \($0.target)" }.joined(separator: "\n")
    }

    /// One line per step, then the summary: results on stdout.
    static func print(_ report: ExecutionReport, verb: String) {
        var text = report.outcomes.map(\.line).joined(separator: "\n")
        if !text.isEmpty { text += "\n" }
        Console.out(text + "\(verb): \(report.summary)\n")
        let waiting = report.waitingForSync
        if !waiting.isEmpty {
            let owned = waiting.filter { $0.result == .external }.map { String($0.position) }
            let next =
                verb == "rollback"
                ? "commit the inverse files, let the owners sync, then run the same rollback again"
                : "commit the files of 'irsa-migrate export', let the owners sync, then run apply (or verify) again"
            Console.out(
                "waiting for sync: \(waiting.count) step(s), \(owned.count) of them on owned targets (steps \(owned.joined(separator: ", "))); \(next)\n"
            )
        }
    }
}
