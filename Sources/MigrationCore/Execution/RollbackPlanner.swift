/// Picks the steps to undo, newest first.
struct RollbackPlanner {
    let plan: Plan
    let entries: [String: JournalEntry]

    /// Steps that may have changed the target (applied, interrupted, or failed after they
    /// started), newest first.
    var undoable: [Step] {
        plan.steps.filter { entries[$0.id]?.mayHaveChanged ?? false }.sorted { $0.position > $1.position }
    }

    func select(_ selection: RollbackSelection) -> [Step] {
        let chosen: [Step]
        switch selection {
        case .all: chosen = undoable
        case .steps(let count): chosen = Array(undoable.prefix(max(0, count)))
        case .to(let position): chosen = undoable.filter { $0.position > position }
        case .workload(let ref): chosen = workloadSteps(ref)
        }
        return Self.restartsLast(chosen)
    }

    /// A restart is undone by restarting again (instance-role), which helps only once the
    /// service account's role annotation is gone: so restarts go after every other undo.
    static func restartsLast(_ steps: [Step]) -> [Step] {
        steps.filter { $0.action != .restartWorkload } + steps.filter { $0.action == .restartWorkload }
    }

    private func workloadSteps(_ ref: ObjectRef) -> [Step] {
        let candidates = undoable
        var chosen = Set(candidates.filter { $0.target == .object(ref) }.map(\.id))
        let accounts = Set(plan.steps.filter { $0.target == .object(ref) }.compactMap { $0.payload.check?.serviceAccount })
        for account in accounts where !otherWorkloadRuns(as: account, besides: ref) {
            chosen.formUnion(candidates.filter { $0.action == .verifyAssumeRole && $0.target == .object(account) }.map(\.id))
        }
        var changed = true
        while changed {
            changed = false
            for step in candidates where !chosen.contains(step.id) {
                // Going back to kiam needs the kiam trust and namespace restrictions cleanup removed.
                let isDependantCleanup = step.phase == .cleanup && step.dependsOn.contains(where: chosen.contains)
                // A service account or trust step goes when everything applied that needs it goes.
                let users = candidates.filter { $0.dependsOn.contains(step.id) }
                let isUnusedPrerequisite =
                    [.createServiceAccount, .annotateServiceAccount, .addTrustStatements].contains(step.action)
                    && !users.isEmpty && users.allSatisfy { chosen.contains($0.id) }
                if isDependantCleanup || isUnusedPrerequisite {
                    chosen.insert(step.id)
                    changed = true
                }
            }
        }
        return candidates.filter { chosen.contains($0.id) }
    }

    /// Whether another workload's applied switch runs it as `account`.
    private func otherWorkloadRuns(as account: ObjectRef, besides ref: ObjectRef) -> Bool {
        plan.steps.contains { verify in
            verify.action == .verifyWorkload && verify.target != .object(ref)
                && verify.payload.check?.serviceAccount == account
                && (entries[Step.id(action: .switchWorkload, target: verify.target)]?.mayHaveChanged ?? false)
        }
    }
}
