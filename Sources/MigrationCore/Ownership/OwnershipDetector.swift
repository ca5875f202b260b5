/// Finds the owner of every step's target from the inventory: an object's own markers, else
/// its namespace's; a service account the plan creates belongs with the workloads that will
/// run as it; a role by its tags (from the role list, or the authorization details).
public struct OwnershipDetector: Sendable {
    let inventory: Inventory
    let rules: [IaCTagRule]
    /// The inventory's objects by name, the first of each kept (as a search in order finds it):
    /// looking each step's target up by scanning the lists made a 10,000-role plan quadratic.
    private let namespaces: [String: Namespace]
    private let serviceAccounts: [ObjectRef: ServiceAccount]
    private let workloads: [ObjectRef: Workload]
    private let roleTags: [String: [String: String]]
    private let detailTags: [String: [String: String]]

    public init(inventory: Inventory, rules: [IaCTagRule] = []) {
        self.inventory = inventory
        self.rules = rules
        namespaces = Self.firstByKey(inventory.namespaces, \.name)
        serviceAccounts = Self.firstByKey(inventory.serviceAccounts, \.ref)
        workloads = Self.firstByKey(inventory.workloads, \.ref)
        roleTags = Self.firstByKey(inventory.roles, \.arn).mapValues(\.tags)
        detailTags = Self.firstByKey(inventory.authorizationDetails?.roles ?? [], \.arn).mapValues(\.tags)
    }

    private static func firstByKey<Key: Hashable, Value>(_ values: [Value], _ key: (Value) -> Key) -> [Key: Value] {
        Dictionary(values.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The plan with `owner` set on every step whose target is owned. Consumed, so that a
    /// caller who hands it over (`consume plan`) has its steps set in place, not copied.
    public func annotating(_ plan: consuming Plan) -> Plan {
        var annotated = plan
        let workloadOwners = Dictionary(
            annotated.steps.compactMap { step -> (ObjectRef, Owner)? in
                guard case .switchWorkload(let change) = step.payload, let target = change.serviceAccount?.to,
                    let ref = step.target.objectRef, let owner = owner(ofObject: ref)
                else { return nil }
                return (.serviceAccount(ref.namespace, target), owner)
            }, uniquingKeysWith: { first, _ in first })
        // Each step's owner is looked up on its own, on every core.
        let owners = annotated.steps.concurrentMap(slicesOf: 1024) { steps in
            steps.map { step in
                switch step.target {
                case .object(let ref): owner(ofObject: ref) ?? workloadOwners[ref].map { inherited(from: $0, ref: ref) }
                case .arn(let arn): owner(ofRole: arn.description)
                }
            }
        }
        for (index, owner) in zip(annotated.steps.indices, owners.joined()) { annotated.steps[index].owner = owner }
        return annotated
    }

    public func owner(ofObject ref: ObjectRef) -> Owner? {
        if let own = ownMarkers(ref) { return own }
        guard ref.kind != .namespace, let namespace = namespaces[ref.namespace],
            var owner = KubernetesOwnership.owner(
                labels: namespace.labels, annotations: namespace.annotations, namespace: namespace.name)
        else { return nil }
        owner.evidence = "namespace/\(namespace.name) \(owner.evidence)"
        return owner
    }

    public func owner(ofRole arn: String) -> Owner? {
        let listed = roleTags[arn] ?? [:]
        let tags = listed.isEmpty ? detailTags[arn] ?? [:] : listed
        return RoleOwnership.owner(tags: tags, rules: rules)
    }

    private func ownMarkers(_ ref: ObjectRef) -> Owner? {
        switch ref.kind {
        case .namespace:
            return namespaces[ref.name].flatMap {
                KubernetesOwnership.owner(labels: $0.labels, annotations: $0.annotations, namespace: $0.name)
            }
        case .serviceaccount:
            return serviceAccounts[ref].flatMap {
                KubernetesOwnership.owner(labels: $0.labels, annotations: $0.annotations, namespace: $0.namespace)
            }
        default:
            return workloads[ref].flatMap {
                KubernetesOwnership.owner(labels: $0.labels, annotations: $0.annotations, namespace: ref.namespace)
            }
        }
    }

    private func inherited(from owner: Owner, ref: ObjectRef) -> Owner {
        var copy = owner
        copy.evidence = "created for workloads owned by it (\(owner.evidence))"
        return copy
    }
}
