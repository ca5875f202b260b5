/// The issuer-move sections of the report: accounts that need a provider, roles grouped
/// by the old provider they trust, and the roles left unchanged and why.
enum IssuerMoveReportNotes {
    static func notes(_ results: [DualTrustPlanner.RoleResult], builder: IssuerMoveStepBuilder) -> [String: JSONValue] {
        let affected = results.filter { $0.oldProvider != nil }
        let accounts = builder.providerSteps.values.sorted { $0.target < $1.target }.map { "- `\($0.target)`: \($0.summary)" }
        var byProvider: [String: [String]] = [:]
        for result in affected {
            guard let old = result.oldProvider else { continue }
            byProvider[old.description, default: []].append("`\(result.role.arn)`")
        }
        let grouped = byProvider.keys.sorted().map { "- `\($0)`: " + (byProvider[$0] ?? []).sorted().joined(separator: ", ") }
        let unchanged = affected.compactMap { result -> String? in
            if result.isBlocked {
                let codes = Set(result.findings.filter { $0.severity == .error }.map(\.code)).sorted()
                return "- `\(result.role.arn)`: blocked by " + codes.map { "`\($0)`" }.joined(separator: ", ")
            }
            return result.unchangedReason.map { "- `\(result.role.arn)`: \($0)" }
        }
        return [
            "1-accounts": section(
                "Accounts that need a provider for the new issuer", accounts, empty: "None: every account already has it."),
            "2-roles": section("Roles trusting the old issuer, by provider", grouped, empty: "None."),
            "3-unchanged": section("Roles trusting the old issuer that prepare leaves unchanged", unchanged, empty: "None."),
        ]
    }

    private static func section(_ title: String, _ lines: [String], empty: String) -> JSONValue {
        .object(["title": .string(title), "lines": .strings(lines.isEmpty ? [empty] : lines)])
    }
}
