/// `irsa-migrate audit`: what is risky or broken in an estate's IRSA and kiam set-up today.
/// Pure and read-only: an inventory in, a report out. Every check reuses the trust parser and
/// evaluator the planners use, so the audit and a plan never disagree about what a policy allows.
public struct Auditor: Sendable {
    public let options: AuditOptions

    public init(options: AuditOptions = AuditOptions()) {
        self.options = options
    }

    public func audit(_ inventory: Inventory) -> AuditReport {
        let estate = AuditedEstate(inventory, options: options)
        let lookup = KiamRoleLookup(baseARN: options.roleBaseARN, roles: inventory.roles)
        let kiamTrust = KiamTrustChecks(estate: estate, lookup: lookup)
        var findings = estate.parseFindings
        findings += TrustStatementChecks(estate: estate).findings()
        findings += IssuerUsageChecks(estate: estate).findings()
        findings += kiamTrust.findings()
        findings += ServiceAccountChecks(estate: estate).findings()
        findings += WorkloadChecks(estate: estate, lookup: lookup).findings()
        return AuditReport(
            summary: summary(estate), findings: findings.sorted(), accessMaps: AccessMapBuilder(estate: estate).maps(),
            notChecked: notChecked(estate, agentsKnown: !kiamTrust.agents.isEmpty))
    }

    private func summary(_ estate: AuditedEstate) -> AuditReport.Summary {
        AuditReport.Summary(
            roles: estate.roles.count, accounts: estate.accounts.sorted(),
            serviceAccounts: estate.inventory.serviceAccounts.count,
            workloads: estate.inventory.workloads.count, oidcProviders: estate.inventory.oidcProviders?.count,
            issuers: options.issuers.map(\.url))
    }

    /// Whether some role lets another role assume it: only then can agent trust be left over.
    private static func hasRoleToRoleTrust(_ estate: AuditedEstate) -> Bool {
        estate.roles.contains { role in
            role.policy?.statements.contains { statement in
                statement.effect == .allow && statement.actions.covers("sts:AssumeRole")
                    && statement.principal?.values(of: .aws).contains { $0.contains(":role/") } == true
            } ?? false
        }
    }

    private func notChecked(_ estate: AuditedEstate, agentsKnown: Bool) -> [String] {
        var notes: [String] = []
        if options.issuers.isEmpty {
            notes.append(
                "No --issuer given: trust for issuers no cluster uses (issuer-not-in-use, dual-trust-left-behind) was not looked for, and the access map covers every issuer some role trusts."
            )
        }
        if let providers = estate.inventory.oidcProviders {
            if providers.contains(where: { $0.clientIDs == nil }) {
                notes.append(
                    "Some OIDC providers were listed without client IDs: their audiences (oidc-provider-audience-missing) were not checked."
                )
            }
        } else {
            notes.append(
                "OIDC providers were not listed (no oidc-providers.json): whether trusted providers exist and accept the audience was not checked."
            )
        }
        if !agentsKnown, Self.hasRoleToRoleTrust(estate) {
            notes.append(
                "No kiam server or kube2iam node role is known (none is named *kiam*; pass --agent-role ARN): leftover agent trust (kiam-trust-unused) was not looked for."
            )
        }
        return notes
    }
}
