/// One value of one positive `:sub` or `:aud` condition, in canonical spelling.
public struct ConditionAtom: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Lower-cased, prefixes and suffixes included (`stringequals`, `foranyvalue:stringlike`).
    public var `operator`: String
    /// Lower-cased (`oidc.example.com/id/abc:sub`).
    public var key: String
    /// As written, or lower-cased under IgnoreCase operators.
    public var value: String

    public var description: String { "\(self.operator) \(key)=\(value)" }

    public static func < (lhs: ConditionAtom, rhs: ConditionAtom) -> Bool {
        (lhs.operator, lhs.key, lhs.value) < (rhs.operator, rhs.key, rhs.value)
    }
}

/// One atom of what a trust policy allows or denies, for the planner's access check.
///
/// A statement is decomposed into the product of:
/// - each principal it names (`TYPE:value`, or `*` for `Principal: "*"`). A NotPrincipal
///   element stays whole (`not:[...]`) because its values are ANDed, not ORed;
/// - each action name, lower-cased (a NotAction element stays whole, `not:[...]`);
/// - for every positive condition (StringEquals, StringLike, their IgnoreCase, IfExists and
///   ForAnyValue/ForAllValues forms, ArnEquals/ArnLike) on a `:sub` key, one of its values,
///   and the same for `:aud` keys. Values of a key are ORed and clauses ANDed, so a grant
///   holds one value of every such clause;
/// - the remaining conditions (Not forms, Null, other keys) as one canonical string, and
///   the effect.
///
/// So one statement listing subjects A and B gives the same grants as two statements for A
/// and B, while a wider subject (`StringLike *`), a removed `:sub` condition (the grant's
/// `subject` becomes empty: unscoped), another audience or another provider changes the set.
public struct AccessGrant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var effect: TrustStatement.Effect
    public var principal: String
    public var action: String
    /// One atom per positive `:sub` clause; empty when the statement does not scope subjects.
    public var subject: [ConditionAtom]
    /// One atom per positive `:aud` clause; empty when the statement does not scope audiences.
    public var audience: [ConditionAtom]
    /// The other conditions, canonical and sorted, joined by ` & `; empty when there are none.
    public var otherConditions: String

    public var description: String {
        let atoms = (subject.isEmpty ? ["sub:unscoped"] : subject.map(\.description)) + audience.map(\.description)
        return "\(effect.rawValue) \(principal) \(action) [\(atoms.joined(separator: ", "))] {\(otherConditions)}"
    }

    public static func < (lhs: AccessGrant, rhs: AccessGrant) -> Bool { lhs.description < rhs.description }
}

extension TrustStatement {
    /// This statement's grants (see `AccessGrant`), computed once per statement.
    public func accessGrants() -> Set<AccessGrant> {
        facts.grants(computedAccessGrants)
    }

    private func computedAccessGrants() -> Set<AccessGrant> {
        var subjectClauses: [ConditionClause] = []
        var audienceClauses: [ConditionClause] = []
        var others: [String] = []
        for clause in Self.uniqueClauses(conditions) {
            let name = ConditionKey.name(of: clause.key)
            let positive = ConditionOperator(clause.operator).isPositiveMatch
            if positive, name == "sub" {
                subjectClauses.append(clause)
            } else if positive, name == "aud" {
                audienceClauses.append(clause)
            } else {
                others.append(clause.canonicalText)
            }
        }
        let otherConditions = Self.sortedUnique(others).joined(separator: " & ")
        var grants: Set<AccessGrant> = []
        for principal in grantPrincipals {
            for action in grantActions {
                for subject in Self.combinations(subjectClauses) {
                    for audience in Self.combinations(audienceClauses) {
                        grants.insert(
                            AccessGrant(
                                effect: effect, principal: principal, action: action, subject: subject,
                                audience: audience, otherConditions: otherConditions))
                    }
                }
            }
        }
        return grants
    }

    private var grantPrincipals: [String] {
        if let principal { return Self.principalAtoms(principal) }
        if let notPrincipal { return ["not:" + notPrincipal.canonicalJSON.serialized(.canonical)] }
        return ["none"]
    }

    private static func principalAtoms(_ principal: Principal) -> [String] {
        guard case .entries = principal else { return ["*"] }
        return PrincipalType.allCases.flatMap { type in sortedUnique(principal.values(of: type)).map { "\(type.rawValue):\($0)" }
        }
    }

    private var grantActions: [String] {
        let names = Self.sortedUnique(actions.names.map { $0.lowercased() })
        return actions.kind == .action ? names : ["not:" + JSONValue.strings(names).serialized()]
    }

    /// Clauses with the same canonical text once: repeating a clause does not change access.
    private static func uniqueClauses(_ clauses: [ConditionClause]) -> [ConditionClause] {
        // Each canonical text made once: the sort asked for it at every comparison.
        var seen: Set<String> = []
        return clauses.map { (text: $0.canonicalText, clause: $0) }.filter { seen.insert($0.text).inserted }
            .sorted { $0.text < $1.text }.map(\.clause)
    }

    /// Every choice of one value per clause; `[[]]` for no clauses, `[]` when a clause has no values.
    private static func combinations(_ clauses: [ConditionClause]) -> [[ConditionAtom]] {
        clauses.reduce([[]]) { partial, clause in
            let (operatorName, key) = (clause.operator.lowercased(), clause.key.lowercased())
            let atoms = sortedUnique(clause.canonicalValues).map {
                ConditionAtom(operator: operatorName, key: key, value: $0)
            }
            return partial.flatMap { prefix in atoms.map { prefix + [$0] } }
        }
    }
}

extension TrustPolicy {
    /// The union of every statement's grants (see `AccessGrant`); a statement the policy
    /// shares with another document (before and after an edit) reuses its grants.
    public func accessGrants() -> Set<AccessGrant> {
        statements.reduce(into: []) { $0.formUnion($1.accessGrants()) }
    }
}
