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
    }
}

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
    func markReverting(_ stepID: String, at: Date) async throws {
        try await base.markReverting(stepID, at: at)
        announce("reverting", stepID)
    }
    func markReverted(_ stepID: String, at: Date) async throws { try await base.markReverted(stepID, at: at) }
    func appendEvent(_ stepID: String?, kind: String, detail: JSONValue, at: Date) async throws {
        try await base.appendEvent(stepID, kind: kind, detail: detail, at: at)
    }
}
