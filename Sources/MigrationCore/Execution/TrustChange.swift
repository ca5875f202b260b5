/// A trust step's edit (or its reverse) applied to the LIVE document: structurally, so whatever else the document holds now
/// (someone's edit since the plan, or since apply) is kept as it is.
struct TrustChange: Sendable {
    var add: [TrustStatement]
    var remove: [TrustStatement]

    init(_ edit: TrustStatementEdit, step: Step) throws(StepFailure) {
        func statements(_ values: [JSONValue]) throws(StepFailure) -> [TrustStatement] {
            var parsed: [TrustStatement] = []
            for value in values {
                do {
                    parsed.append(try TrustStatement(json: value))
                } catch {
                    throw StepFailure("step \(step.position) carries a statement that cannot be read (\(error)): re-plan")
                }
            }
            return parsed
        }
        add = try statements(edit.add)
        remove = try statements(edit.remove)
    }

    /// Every statement to add is there (as an equivalent) and none to remove is.
    func holds(in policy: TrustPolicy) -> Bool {
        add.allSatisfy(policy.contains(equivalentTo:)) && !remove.contains(where: policy.contains(equivalentTo:))
    }

    /// Removes the `remove` statements and adds the missing `add` ones. A statement that
    /// merges subjects into (or splits them out of) a removed one of the same IRSA shape
    /// takes that one's place, as the planner's merge did, so the document after apply is
    /// the planned one and a later step's fingerprint still matches. Others are appended,
    /// or, when rollback passes the document as it was before the step, put back where
    /// they stood in it.
    func applied(to policy: TrustPolicy, restoringPositionsFrom original: TrustPolicy? = nil) -> TrustPolicy {
        var result = policy
        var missing = add.filter { !policy.contains(equivalentTo: $0) }
        for old in remove {
            guard let live = result.statements.first(where: { $0.isEquivalent(to: old) }),
                let index = missing.firstIndex(where: { Self.sameShape($0, old) })
            else { continue }
            result = result.replacing(live, with: missing.remove(at: index))
        }
        result = result.removing(remove)
        guard let original else { return result.adding(missing) }
        let placed = missing.map { statement in
            (statement, original.statements.firstIndex { $0.isEquivalent(to: statement) } ?? Int.max)
        }
        for (statement, index) in placed.sorted(by: { $0.1 < $1.1 }) {
            let unique = statement.withUniqueSid(among: result.statements)
            result.statements.insert(unique, at: min(index, result.statements.count))
        }
        return result
    }

    /// Same provider, issuer, audiences and operators: statements the planner merges.
    static func sameShape(_ lhs: TrustStatement, _ rhs: TrustStatement) -> Bool {
        guard let left = lhs.webIdentityShape, let right = rhs.webIdentityShape else { return false }
        return left.provider == right.provider && left.issuer == right.issuer && left.audiences == right.audiences
            && left.subjectOperator.lowercased() == right.subjectOperator.lowercased()
            && left.audienceOperator?.lowercased() == right.audienceOperator?.lowercased()
    }

    /// The first statement to add that would let any web identity of an issuer assume the
    /// role: an Allow for a federated principal or for AssumeRoleWithWebIdentity without a
    /// positive `ISSUER:sub` condition. apply never writes one (docs/trust-rules.md).
    var unscopedAddition: TrustStatement? {
        add.first { statement in
            guard statement.effect == .allow else { return false }
            let webIdentity =
                !statement.federatedProviders.isEmpty || statement.actions.covers("sts:AssumeRoleWithWebIdentity")
            guard webIdentity else { return false }
            return !statement.conditions.contains { clause in
                guard let key = ConditionKey(clause.key) else { return false }
                return key.name == "sub" && key.isWebIdentityKey && ConditionOperator(clause.operator).isPositiveMatch
            }
        }
    }
}

extension TrustPolicy {
    /// Statements of `self` with no equivalent in `other`.
    func statements(notIn other: TrustPolicy) -> [TrustStatement] {
        statements.filter { !other.contains(equivalentTo: $0) }
    }
}
