import Foundation

/// Runs a plan's steps against the target, journaled, in dependency order with bounded
/// concurrency. A step runs once every step it depends on is applied; a step that fails
/// stops its dependants, while independent steps go on.
public struct Executor: Sendable {
    public let plan: Plan
    let runner: StepRunner
    let journal: any StepJournal
    let clock: any WallClock

    public init(
        plan: Plan, gateway: any TargetGateway, journal: any StepJournal, verifier: any Verifier, clock: any WallClock
    ) {
        self.plan = plan
        self.journal = journal
        self.clock = clock
        runner = StepRunner(
            gateway: gateway, journal: journal, verifier: verifier, clock: clock, quota: plan.header.options.trustPolicyQuota)
    }

    public func apply(_ options: ApplyOptions = ApplyOptions()) async throws -> ExecutionReport {
        let entries = try await journal.entries()
        // verify (recheck) also looks again at the steps that wait for an owner's sync.
        let selected = plan.steps.filter {
            options.selects($0) || (options.recheck && entries[$0.id]?.status == .external)
        }
        var schedule = Schedule(plan: plan, selected: selected, entries: entries, recheck: options.recheck)
        var runner = self.runner
        runner.patchOwned = options.patchOwned
        let limit = max(1, options.concurrency)
        try await withThrowingTaskGroup(of: (Step, StepOutcome).self) { group in
            var inFlight = 0
            while true {
                for step in schedule.ready(limit: limit - inFlight) {
                    if let refusal = try await gateRefusal(step, schedule: schedule, force: options.force) {
                        schedule.finish(step, StepOutcome(step, .gated, refusal))
                        continue
                    }
                    let status = schedule.status(step.id)
                    let recorded = schedule.entries[step.id]?.before
                    group.addTask { [runner] in (step, try await runner.apply(step, status: status, recorded: recorded)) }
                    inFlight += 1
                }
                guard inFlight > 0, let (step, outcome) = try await group.next() else { break }
                inFlight -= 1
                schedule.finish(step, outcome, at: await clock.now())
            }
        }
        return ExecutionReport(outcomes: schedule.finishLeftovers())
    }

    /// Why a gated step may not run yet, or nil. Cleanup of an issuer move waits until every
    /// verify step passed and the old issuer's tokens have expired since the last one.
    func gateRefusal(_ step: Step, schedule: Schedule, force: Bool) async throws -> String? {
        guard let gate = step.payload.gate else { return nil }
        let verifySteps = plan.steps.filter(\.action.isCheck)
        let notPassed = verifySteps.filter { schedule.status($0.id) != .applied }
        let lifetime = TimeInterval(gate.tokenLifetimeSeconds)
        let lastVerified = verifySteps.compactMap { schedule.entries[$0.id]?.finishedAt }.max()
        let now = await clock.now()
        var refusal: String?
        if !notPassed.isEmpty {
            refusal =
                "gated: verify has not passed (\(notPassed.count) verify step(s) not applied, first \(notPassed[0].label)); run 'irsa-migrate apply --phase verify' first"
        } else if let lastVerified, now < lastVerified.addingTimeInterval(lifetime) {
            refusal =
                "gated: tokens of the old issuer stay valid until \(lastVerified.addingTimeInterval(lifetime).iso8601) (\(Int(lifetime))s after verify passed); run cleanup after that"
        } else if lastVerified == nil && !verifySteps.isEmpty {
            refusal = "gated: the journal has no time for the verify steps; run 'irsa-migrate verify' again"
        }
        guard let refusal else { return nil }
        let kind = force ? "gate-forced" : "gated"
        try await journaled {
            try await journal.appendEvent(step.id, kind: kind, detail: .object(["reason": .string(refusal)]), at: now)
        }
        return force ? nil : refusal + ", or pass --force"
    }
}
