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
            ordered.filter { $0.action == .createServiceAccount || $0.action == .annotateServiceAccount }.map(\.target))
        let summary = Plan.Summary(
            workloads: ordered.filter { $0.action == .switchWorkload }.count,
            serviceAccounts: touchedAccounts.count,
            roles: Set(roles.map(\.arn)).count,
            steps: ordered.count,
            blocked: blocked)
        let recorded = options.recorded
        let optionsText = recorded.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        let id = String(
            SHA256.hex([options.kind.rawValue, optionsText, inputDigest, createdAt].joined(separator: "\n")).prefix(12))
        let header = Plan.Header(id: id, createdAt: createdAt, inputDigest: inputDigest, options: options)
        return Plan(
            header: header, summary: summary, findings: Array(Set(findings)).sorted(), steps: ordered,
            roles: roles.sorted { $0.arn < $1.arn }, notes: notes)
    }

    /// Phase, then the order actions run in within a phase, then target; duplicates dropped.
    static func order(_ steps: [Step]) -> [Step] {
        var seen = Set<String>()
        let unique = steps.filter { seen.insert($0.id).inserted }
        let actionRank = Dictionary(uniqueKeysWithValues: Action.allCases.enumerated().map { ($1, $0) })
        return unique.sorted {
            ($0.phase, actionRank[$0.action] ?? 0, $0.target) < ($1.phase, actionRank[$1.action] ?? 0, $1.target)
        }
    }
}
