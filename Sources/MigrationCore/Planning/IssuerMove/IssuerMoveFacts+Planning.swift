extension IssuerMoveFacts {
    /// The roles that trust the old issuer, grouped by the old provider, and those prepare
    /// leaves as they are, from the planner's per-role results (in role order).
    init(_ results: [DualTrustPlanner.RoleResult]) {
        let affected = results.filter { $0.oldProvider != nil }
        var byProvider: [String: [String]] = [:]
        for result in affected {
            guard let old = result.oldProvider else { continue }
            byProvider[old.description, default: []].append(result.role.arn)
        }
        let unchanged = affected.compactMap { result -> UnchangedRole? in
            if result.isBlocked {
                let codes = Set(result.findings.filter { $0.severity == .error }.map(\.code)).sorted()
                return UnchangedRole(role: result.role.arn, reason: .blocked, blockedBy: codes)
            }
            return result.alreadyTrustsNewIssuer ? UnchangedRole(role: result.role.arn, reason: .alreadyTrustsNewIssuer) : nil
        }
        self.init(rolesByOldProvider: byProvider.mapValues { $0.sorted() }, unchangedRoles: unchanged)
    }
}
