/// Plans an OIDC issuer move (DESIGN.md, "Phases", issuer-move): dual trust before the
/// cluster switches (prepare), checks after it (verify), and removal of the old-issuer
/// statements once every token is from the new issuer (cleanup, gated).
public struct IssuerMovePlanner: Sendable {
    public let options: IssuerMoveOptions

    public init(options: IssuerMoveOptions) {
        self.options = options
    }

    public func plan(_ inventory: Inventory, createdAt: String) throws(PlanningError) -> Plan {
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
            kind: .issuerMove, options: options.recorded, inputDigest: InventoryDigest.digest(inventory), createdAt: createdAt)
        return assembler.assemble(
            steps: builder.steps, findings: findings, roles: builder.roleChanges,
            blocked: roleResults.filter(\.isBlocked).count, notes: IssuerMoveReportNotes.notes(roleResults, builder: builder))
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
