extension AccessGrant {
    /// One line for a reviewer: the effect, who (the issuer for an OIDC provider), the
    /// subject and audience values, and the other conditions. A claim of another issuer than
    /// the provider's is spelled out, and the entry marked as never matching.
    var reviewText: String {
        let provider = principal.hasPrefix("Federated:") ? String(principal.dropFirst("Federated:".count)) : nil
        let shown = provider.flatMap { ARN($0)?.oidcProviderIssuer }.map(ConditionKey.normalisedIssuer)
        let issuer = shown?.lowercased()
        var foreignClaim = false
        func atom(_ atom: ConditionAtom) -> String {
            let key = ConditionKey(atom.key)
            let sameIssuer = key.map { $0.issuer.lowercased() == issuer } ?? false
            if !sameIssuer { foreignClaim = true }
            let name = sameIssuer ? key?.name ?? atom.key : atom.key
            let comparison =
                switch atom.operator {
                case "stringequals": "="
                case "stringlike": "like"
                default: atom.operator
                }
            return "\(name) \(comparison) \(atom.value)"
        }
        var parts = [effect.rawValue, shown ?? principal]
        if action != "sts:assumerolewithwebidentity" { parts.append(action) }
        let atoms = (subject.isEmpty && issuer != nil ? ["any subject"] : subject.map(atom)) + audience.map(atom)
        if !atoms.isEmpty { parts.append(atoms.joined(separator: ", ")) }
        if !otherConditions.isEmpty {
            // Canonical clauses are `operator|key|values`; the key shortened like the atoms'.
            let clauses = otherConditions.components(separatedBy: " & ").map { clause in
                let fields = clause.split(separator: "|", maxSplits: 2).map(String.init)
                guard fields.count == 3, let key = ConditionKey(fields[1]), key.issuer.lowercased() == issuer else {
                    return clause
                }
                return "\(fields[0]) \(key.name) \(fields[2])"
            }
            parts.append("if " + clauses.joined(separator: " and "))
        }
        if foreignClaim && issuer != nil { parts.append("(never matches: it needs another issuer's claims)") }
        return parts.joined(separator: " ")
    }
}
