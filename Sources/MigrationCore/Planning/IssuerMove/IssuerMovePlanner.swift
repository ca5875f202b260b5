import Foundation

/// Plans an OIDC issuer move (docs/architecture.md, "Plan kinds"): dual trust before the
/// cluster switches (prepare), checks after it (verify), and removal of the old-issuer
/// statements once every token is from the new issuer (cleanup, gated).
public struct IssuerMovePlanner: Sendable {
    public let options: IssuerMoveOptions

    public init(options: IssuerMoveOptions) {
        self.options = options
    }

    public func plan(_ inventory: Inventory, createdAt: Date) throws(PlanningError) -> Plan {
        var findings = targetWarnings()
        var roleResults: [DualTrustPlanner.RoleResult] = []
        let planner = DualTrustPlanner(options: options)
        for role in inventory.roles.sorted(by: { $0.arn < $1.arn }) {
            let result = try planner.plan(role)
            findings += result.findings
            roleResults.append(result)
        }
        var builder = IssuerMoveStepBuilder(options: options, inventory: inventory)
        builder.addProviders(for: roleResults)
        try builder.addRoles(roleResults)
        builder.addOldProviderDeletion(roleResults: roleResults)
        let assembler = PlanAssembler(
            options: .issuerMove(options), inputDigest: InventoryDigest.digest(inventory), createdAt: createdAt.iso8601)
        return assembler.assemble(
            steps: builder.steps, findings: findings, roles: builder.roleChanges,
            blocked: roleResults.filter(\.isBlocked).count,
            notes: PlanNotes(issuerMove: IssuerMoveFacts(roleResults)))
    }

    /// The EKS dual-stack host serves discovery but is never a token's `iss`.
    private func targetWarnings() -> [Finding] {
        let host = options.to.host
        guard host.hasPrefix("oidc-eks.") && host.hasSuffix(".api.aws") else { return [] }
        return [
            Finding(
                .warning, "issuer-not-token-issuer", subject: options.to.url,
                "\(host) is the EKS dual-stack discovery host, not the issuer tokens carry (oidc.eks.REGION.amazonaws.com): check --to against a token's iss claim"
            )
        ]
    }
}
