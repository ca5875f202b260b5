/// Turns a planner's steps and findings into a `Plan`: stable order, positions, summary,
/// and a header whose id derives from what the plan was made from.
struct PlanAssembler {
    let options: PlanOptions
    let inputDigest: String
    let createdAt: String

    func assemble(steps: [Step], findings: [Finding], roles: [RoleChange], blocked: Int, notes: PlanNotes = PlanNotes())
        -> Plan
    {
        var ordered = Self.order(steps)
        for index in ordered.indices { ordered[index].position = index + 1 }
        let touchedAccounts = Set(
            ordered.lazy.filter { $0.action == .createServiceAccount || $0.action == .annotateServiceAccount }.map(\.target))
        let createdRoles = ordered.lazy.filter { $0.action == .createRole }.map(\.target.description)
        let summary = Plan.Summary(
            workloads: ordered.count { $0.action == .switchWorkload || $0.action == .restartWorkload },
            serviceAccounts: touchedAccounts.count,
            roles: Set(roles.map(\.arn) + createdRoles).count,
            steps: ordered.count,
            blocked: blocked)
        let header = Plan.Header(id: planID, createdAt: createdAt, inputDigest: inputDigest, options: options)
        return Plan(
            header: header, summary: summary, findings: Array(Set(findings)).sorted(), steps: ordered,
            roles: roles.sorted { $0.arn < $1.arn }, notes: notes)
    }

    /// Derived from what the plan was made from; known before the steps (a created role's tag names it).
    var planID: String {
        let optionsText = options.recorded.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        return String(
            SHA256.hex([options.kind.rawValue, optionsText, inputDigest, createdAt].joined(separator: "\n")).prefix(12))
    }

    /// Phase, then the order actions run in within a phase, then target; duplicates dropped.
    static func order(_ steps: [Step]) -> [Step] {
        var seen = Set<String>()
        let firsts = steps.indices.filter { seen.insert(steps[$0].id).inserted }
        let actionRank = Dictionary(uniqueKeysWithValues: Action.allCases.enumerated().map { ($1, $0) })
        // Sorts small keys, not the steps: a step is a large value, and a sort of 50,000 of
        // them spent most of its time copying and releasing. The target's text is made once
        // (`StepTarget`'s `<` makes both texts at every comparison). The index keeps equal
        // keys in their first order, as the stable sort of the steps did.
        let keys = firsts.map { index in
            (
                phase: steps[index].phase, rank: actionRank[steps[index].action] ?? 0,
                target: steps[index].target.description, index: index
            )
        }
        return keys.sorted { ($0.phase, $0.rank, $0.target, $0.index) < ($1.phase, $1.rank, $1.target, $1.index) }
            .map { steps[$0.index] }
    }
}
