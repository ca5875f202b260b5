/// Which roles each service account can assume, per issuer. The trust evaluator decides every
/// pair; an index of the `:sub` values each role names keeps the pairs it is asked about to
/// the plausible ones, so 20,000 service accounts by 10,000 roles stays fast.
struct AccessMapBuilder {
    let estate: AuditedEstate

    /// A subject no real service account has: a role that admits it admits any of them.
    static let probeSubject = "system:serviceaccount:irsa-migrate-audit-probe:irsa-migrate-audit-probe"

    func maps() -> [AccessMap] {
        let index = SubjectIndex(estate)
        return issuers(index).map { issuer in map(for: issuer, index: index) }
    }

    /// The `--issuer` values, or else every issuer some role's trust names.
    private func issuers(_ index: SubjectIndex) -> [String] {
        estate.issuersInUse.isEmpty ? index.issuers.sorted() : estate.issuersInUse.sorted()
    }

    private func map(for issuer: String, index: SubjectIndex) -> AccessMap {
        let wide = index.wide[issuer] ?? []
        let anyone = Set(
            wide.filter { allows($0, issuer: issuer, subject: Self.probeSubject, audience: estate.options.audience) })
        var entries: [AccessMap.Entry] = []
        for account in estate.inventory.serviceAccounts.sorted(by: { $0.ref < $1.ref }) {
            let subject = "system:serviceaccount:\(account.namespace):\(account.name)"
            let audience = account.annotations[Annotations.irsaAudience] ?? estate.options.audience
            let candidates = index.candidates(issuer: issuer, subject: subject, namespace: account.namespace).subtracting(anyone)
            let roles = candidates.filter { allows($0, issuer: issuer, subject: subject, audience: audience) }
            if !roles.isEmpty {
                entries.append(
                    AccessMap.Entry(serviceAccount: account.ref, roles: roles.map { estate.roles[$0].role.arn }.sorted()))
            }
        }
        return AccessMap(
            issuer: "https://" + issuer, anyServiceAccount: anyone.map { estate.roles[$0].role.arn }.sorted(),
            serviceAccounts: entries)
    }

    private func allows(_ roleIndex: Int, issuer: String, subject: String, audience: String) -> Bool {
        let role = estate.roles[roleIndex]
        guard let policy = role.policy else { return false }
        return policy.allowsWebIdentity(
            provider: estate.providerARN(for: role, issuer: issuer),
            claims: TokenClaims(iss: "https://" + issuer, sub: subject, aud: [audience])
        ).isAllowed
    }
}

/// For each issuer, the roles whose Allow statements could admit a subject: by exact `:sub`
/// value, by the one namespace a pattern is confined to, or (wide) for any subject.
struct SubjectIndex {
    var issuers: Set<String> = []
    var exact: [String: [String: Set<Int>]] = [:]
    var namespaced: [String: [String: Set<Int>]] = [:]
    var wide: [String: Set<Int>] = [:]
    /// Roles with a statement for every issuer (`Principal: "*"` covering web identity).
    var everyIssuer: Set<Int> = []

    init(_ estate: AuditedEstate) {
        for (roleIndex, role) in estate.roles.enumerated() {
            guard let policy = role.policy else { continue }
            for statement in policy.statements where statement.effect == .allow {
                if statement.principal == .wildcard, statement.actions.covers(TrustStatement.webIdentityAction) {
                    everyIssuer.insert(roleIndex)
                }
            }
            for trust in policy.webIdentityTrust {
                for provider in trust.providers {
                    add(roleIndex, statement: trust.statement, issuer: provider.issuer)
                }
            }
        }
        for issuer in issuers.union(estate.issuersInUse) { wide[issuer, default: []].formUnion(everyIssuer) }
    }

    private mutating func add(_ role: Int, statement: TrustStatement, issuer: String) {
        issuers.insert(issuer)
        let clauses = statement.positiveClauses(named: "sub", issuer: issuer)
        // With several :sub clauses (ANDed) the first one narrows enough for an index.
        guard let clause = clauses.first else {
            wide[issuer, default: []].insert(role)
            return
        }
        let exactOperator =
            ConditionOperator(clause.operator).base != .stringLike && ConditionOperator(clause.operator).base != .arnLike
        for value in clause.values {
            if exactOperator || SubjectPatternCheck.namespaceScope(value) == nil {
                exact[issuer, default: [:]][value.lowercased(), default: []].insert(role)
            } else if SubjectPatternCheck.namespaceScope(value) == .oneNamespace {
                let namespace = value.dropFirst(SubjectPatternCheck.prefix.count).prefix { $0 != ":" }
                namespaced[issuer, default: [:]][namespace.lowercased(), default: []].insert(role)
            } else {
                wide[issuer, default: []].insert(role)
            }
        }
    }

    func candidates(issuer: String, subject: String, namespace: String) -> Set<Int> {
        var result = wide[issuer] ?? []
        result.formUnion(exact[issuer]?[subject.lowercased()] ?? [])
        result.formUnion(namespaced[issuer]?[namespace.lowercased()] ?? [])
        return result
    }
}
