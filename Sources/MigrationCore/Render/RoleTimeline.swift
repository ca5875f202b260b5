/// A changed role's trust document after each phase that edits it, replayed from the plan's
/// own trust steps the way apply makes them (`TrustChange`): what the report shows per phase
/// (a kiam plan with cleanup shows the dual-trust document between prepare and cleanup), the
/// peak size against the quota, and who gains or loses the right to assume the role.
struct RoleTimeline {
    struct Stage {
        var phase: Phase
        var before: TrustPolicy
        var after: TrustPolicy
        /// Grants (see `AccessGrant`) the phase adds and removes; Deny grants included.
        var gained: [AccessGrant]
        var lost: [AccessGrant]

        init(phase: Phase, before: TrustPolicy, after: TrustPolicy) {
            self.phase = phase
            self.before = before
            self.after = after
            let (was, now) = (before.accessGrants(), after.accessGrants())
            gained = now.subtracting(was).sorted()
            lost = was.subtracting(now).sorted()
        }
    }

    let change: RoleChange
    let original: TrustPolicy
    let stages: [Stage]

    /// `steps`: the plan's trust steps on this role, in plan order. Nil when the recorded
    /// document does not parse (the planner never records such a role).
    init?(_ change: RoleChange, trustSteps steps: [Step]) {
        guard let original = try? TrustPolicy(json: change.before) else { return nil }
        self.change = change
        self.original = original
        var current = original
        var stages: [Stage] = []
        for phase in Phase.allCases {
            let edits = steps.filter { $0.phase == phase }.compactMap { step in
                step.payload.trustEdit.flatMap { try? TrustChange($0, step: step) }
            }
            guard !edits.isEmpty else { continue }
            let after = edits.reduce(current) { $1.applied(to: $0) }
            stages.append(Stage(phase: phase, before: current, after: after))
            current = after
        }
        self.stages = stages
    }

    /// The largest document any phase writes, minified: what must fit the quota.
    var peakSize: Int { stages.map(\.after.minifiedSize).max() ?? original.minifiedSize }
}
