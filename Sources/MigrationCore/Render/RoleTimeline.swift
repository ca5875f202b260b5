/// A changed role's trust document after each phase that edits it, replayed from the plan's
/// own trust steps the way apply makes them (`TrustChange`): what the report shows per phase
/// (a kiam plan with cleanup shows the dual-trust document between prepare and cleanup), the
/// peak size against the quota, and who gains or loses the right to assume the role.
struct RoleTimeline {
    struct Stage {
        var phase: Phase
        var before: TrustPolicy
        var after: TrustPolicy
        /// `after.minifiedSize`, measured once.
        var size: Int
        /// Grants (see `AccessGrant`) the phase adds and removes; Deny grants included.
        var gained: [AccessGrant]
        var lost: [AccessGrant]

        init(phase: Phase, before: TrustPolicy, after: TrustPolicy) {
            self.phase = phase
            self.before = before
            self.after = after
            size = after.minifiedSize
            let (was, now) = (before.accessGrants(), after.accessGrants())
            gained = Self.sorted(now.subtracting(was))
            lost = Self.sorted(was.subtracting(now))
        }

        /// In `AccessGrant` order, each grant's description made once rather than per comparison.
        private static func sorted(_ grants: Set<AccessGrant>) -> [AccessGrant] {
            guard grants.count > 1 else { return Array(grants) }
            return grants.map { (key: $0.description, grant: $0) }.sorted { $0.key < $1.key }.map(\.grant)
        }
    }

    /// The recorded document's minified size, measured once.
    let originalSize: Int
    let stages: [Stage]

    /// `original`: the role's recorded document (`RoleChange.before`) parsed, nil when it
    /// does not parse (the planner never records such a role). `steps`: the plan's trust
    /// steps on this role, in plan order.
    init?(original: TrustPolicy?, trustSteps steps: [Step]) {
        guard let original else { return nil }
        originalSize = original.minifiedSize
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
    var peakSize: Int { stages.map(\.size).max() ?? originalSize }
}
