/// Resolves kiam / kube2iam role annotations for the audit. Like the planner it prepends the
/// base ARN to bare names; without one it looks the name up among the inventory's roles,
/// because an audit only reads: a unique match is what kiam would use in a one-account estate.
struct KiamRoleLookup {
    enum Resolution: Equatable {
        case role(String)
        /// A bare name that roles of several accounts share.
        case ambiguous([String])
        /// A bare name, no base ARN and no role of that name in the inventory.
        case unresolved(String)
        case invalid(String)
    }

    let resolver: RoleResolver
    /// `role/PATH/NAME` -> the ARNs of the inventory with that resource.
    let byResource: [String: [String]]

    init(baseARN: String?, roles: [IAMRole]) {
        resolver = RoleResolver(baseARN: baseARN)
        var index: [String: [String]] = [:]
        for role in roles {
            if let resource = ARN(role.arn)?.resource { index[resource, default: []].append(role.arn) }
        }
        byResource = index.mapValues { $0.sorted() }
    }

    func resolve(_ annotation: String) -> Resolution {
        switch resolver.resolve(annotation) {
        case .resolved(let arn):
            return .role(arn)
        case .invalid(let text):
            return .invalid(text)
        case .needsBaseARN:
            let name = String(annotation.trimmingWhitespace().drop { $0 == "/" })
            let matches = byResource["role/" + name] ?? []
            switch matches.count {
            case 0: return .unresolved(name)
            case 1: return .role(matches[0])
            default: return .ambiguous(matches)
            }
        }
    }

    /// Every role ARN the annotation may mean (several when ambiguous).
    func candidates(_ annotation: String) -> [String] {
        switch resolve(annotation) {
        case .role(let arn): return [arn]
        case .ambiguous(let arns): return arns
        case .unresolved, .invalid: return []
        }
    }
}
