/// The issuer-move sections of the report, worded from the plan's facts: accounts that need
/// a provider for the new issuer, roles by the old provider they trust, and the roles that
/// prepare leaves unchanged, with why.
enum IssuerMoveSections {
    static func sections(_ facts: IssuerMoveFacts, plan: Plan) -> [(title: String, lines: [String])] {
        let accounts = plan.steps.filter { $0.action == .ensureOIDCProvider }.sorted { $0.target < $1.target }
            .map { "- `\($0.target)`: \($0.summary)" }
        let grouped = facts.rolesByOldProvider.keys.sorted().map { provider in
            "- `\(provider)`: " + (facts.rolesByOldProvider[provider] ?? []).map { "`\($0)`" }.joined(separator: ", ")
        }
        let unchanged = facts.unchangedRoles.map { role in
            switch role.reason {
            case .blocked: "- `\(role.role)`: blocked by " + role.blockedBy.map { "`\($0)`" }.joined(separator: ", ")
            case .alreadyTrustsNewIssuer: "- `\(role.role)`: already trusts \(newIssuer(plan)) for every old-issuer statement"
            }
        }
        return [
            (
                "Accounts that need a provider for the new issuer",
                accounts.isEmpty ? ["None: every account already has it."] : accounts
            ),
            ("Roles trusting the old issuer, by provider", grouped.isEmpty ? ["None."] : grouped),
            ("Roles trusting the old issuer that prepare leaves unchanged", unchanged.isEmpty ? ["None."] : unchanged),
        ]
    }

    private static func newIssuer(_ plan: Plan) -> String {
        guard case .issuerMove(let options) = plan.header.options else { return "the new issuer" }
        return options.to.hostAndPath
    }
}
