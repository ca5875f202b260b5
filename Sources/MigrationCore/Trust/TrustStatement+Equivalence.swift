/// Structural comparison: what IAM would treat as the same statement or document.
///
/// Two statements are equivalent when their canonical forms are equal. The canonical form
/// drops the Sid, sorts and de-duplicates every list, lower-cases action names, condition
/// operators and condition keys (and values under IgnoreCase operators), and spells single
/// values as lists, so none of those differences count. Unknown members do count.
extension TrustStatement {
    public func isEquivalent(to other: TrustStatement) -> Bool {
        canonicalText == other.canonicalText
    }

    /// The canonical form (stored as `canonicalText`, only ever compared): the elements as
    /// sorted-key minified JSON, then each distinct condition clause's canonical text in
    /// order, prefixed by its length in bytes. The JSON is complete and each clause is
    /// length-prefixed, so equal forms mean equal elements and clauses. The clauses stay out
    /// of the JSON because their quotes made the writer escape every clause byte by byte.
    func canonicalForm() -> String {
        var members: [JSONValue.Member] = [.init("Effect", .string(effect.rawValue))]
        if let principal { members.append(.init("Principal", principal.canonicalJSON)) }
        if let notPrincipal { members.append(.init("NotPrincipal", notPrincipal.canonicalJSON)) }
        members.append(.init(actions.kind.rawValue, .strings(Self.sortedUnique(actions.names.map { $0.lowercased() }))))
        for member in unknownMembers { members.append(.init("unknown:" + member.key, member.value)) }
        var form = JSONValue.object(members).serialized(.canonical)
        for clause in Self.sortedUnique(conditions.map { $0.canonicalText }) {
            form += "\(clause.utf8.count):" + clause
        }
        return form
    }

    /// Members that are not statement elements IAM defines for trust policies.
    var unknownMembers: [JSONValue.Member] {
        let known: Set<String> = ["sid", "effect", "principal", "notprincipal", "action", "notaction", "condition"]
        return raw.members?.filter { !known.contains($0.key.lowercased()) } ?? []
    }

    static func sortedUnique(_ values: [String]) -> [String] {
        // In UTF-8 byte order, compared in place (copying both strings' bytes per comparison showed).
        values.count < 2 ? values : Array(Set(values)).sorted(by: JSONText.precedes)
    }
}

extension Principal {
    var canonicalJSON: JSONValue {
        switch self {
        case .wildcard:
            return .string("*")
        case .entries:
            let types = Set(PrincipalType.allCases.filter { !values(of: $0).isEmpty })
            return .object(
                types.sorted().map { .init($0.rawValue, .strings(TrustStatement.sortedUnique(values(of: $0)))) })
        }
    }
}

extension ConditionClause {
    /// `operator|key|[values]`, lower-cased where IAM ignores case, values sorted and unique.
    var canonicalText: String {
        let values = TrustStatement.sortedUnique(canonicalValues)
        return "\(self.operator.lowercased())|\(key.lowercased())|\(JSONValue.strings(values).serialized())"
    }

    /// Values as compared: lower-cased under IgnoreCase operators, as written otherwise.
    var canonicalValues: [String] {
        ConditionOperator(self.operator).ignoresCase ? values.map { $0.lowercased() } : values
    }
}

extension TrustPolicy {
    /// Same statements in any order (duplicates irrelevant), same effective Version, and the
    /// same unknown top-level members. Sids and the document Id are ignored.
    public func isEquivalent(to other: TrustPolicy) -> Bool {
        (version ?? "2008-10-17") == (other.version ?? "2008-10-17")
            && Set(statements.map(\.canonicalText)) == Set(other.statements.map(\.canonicalText))
            && JSONValue.object(otherMembers).serialized(.canonical)
                == JSONValue.object(other.otherMembers).serialized(.canonical)
    }

    /// Whether a statement equivalent to `statement` is already present.
    public func contains(equivalentTo statement: TrustStatement) -> Bool {
        let wanted = statement.canonicalText
        return statements.contains { $0.canonicalText == wanted }
    }
}
