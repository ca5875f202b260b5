import MigrationCore

/// A wave of a plan: `--only REF` (that workload, its service account's check, and every
/// step they depend on) or `--namespace NS` (every step on an object of NS, and what those
/// depend on), within the phases asked for.
struct StepSelection: Equatable {
    var only: ObjectRef?
    var namespace: String?

    var isEverything: Bool { only == nil && namespace == nil }

    init(only: ObjectRef? = nil, namespace: String? = nil) {
        self.only = only
        self.namespace = namespace
    }

    /// `--only REF` or `--namespace NS`, not both.
    init(_ arguments: ParsedArguments) throws(UsageError) {
        let namespace = try arguments.value(Options.namespace)
        guard let text = try arguments.value(Options.only) else {
            self.init(namespace: namespace)
            return
        }
        guard let ref = ObjectRef(parsing: text), ref.kind != .namespace, ref.kind != .serviceaccount else {
            throw UsageError(
                "--only needs a workload reference KIND/NAMESPACE/NAME (e.g. deployment/shop/api), not \(text)",
                command: arguments.command)
        }
        guard namespace == nil else { throw UsageError("--only and --namespace cannot be combined", command: arguments.command) }
        self.init(only: ref)
    }

    /// The chosen step ids; nil means every step.
    func stepIDs(in plan: Plan) -> Set<String>? {
        guard !isEverything else { return nil }
        var seeds = plan.steps.filter(matches)
        let accounts = Set(seeds.compactMap { $0.payload.check?.serviceAccount }.map(StepTarget.object))
        if only != nil { seeds += plan.steps.filter { $0.action == .verifyAssumeRole && accounts.contains($0.target) } }
        let byID = Dictionary(plan.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var chosen = Set<String>()
        var queue = seeds.map(\.id)
        while let id = queue.popLast() {
            guard chosen.insert(id).inserted else { continue }
            queue += byID[id]?.dependsOn ?? []
        }
        return chosen
    }

    private func matches(_ step: Step) -> Bool {
        if let only { return step.target == .object(only) }
        guard let namespace, let ref = step.target.objectRef else { return false }
        return ref.kind == .namespace ? ref.name == namespace : ref.namespace == namespace
    }
}
