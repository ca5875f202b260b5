import Foundation

/// Plans an OIDC issuer move (docs/architecture.md, "Plan kinds"): dual trust before the
/// cluster switches (prepare), checks after it (verify), and removal of the old-issuer
/// statements once every token is from the new issuer (cleanup, gated).
public struct IssuerMovePlanner: Sendable {
    public let options: IssuerMoveOptions

    public init(options: IssuerMoveOptions) {
        self.options = options
    }

    public func plan(_ inventory: Inventory, createdAt: Date) -> Plan {
        let digest = Background { InventoryDigest.digest(inventory) }
        var findings = IssuerWarnings.findings(for: options.to, option: "--to")
        var planner = DualTrustPlanner(options: options)
        planner.annotatedSubjects = Self.annotatedSubjects(inventory.serviceAccounts)
        planner.annotatedAudiences = Self.annotatedAudiences(inventory.serviceAccounts)
        // Roles are planned independently, on every core.
        let roleResults = inventory.roles.sorted(by: { $0.arn < $1.arn }).concurrentMap { [planner] in planner.plan($0) }
        findings += roleResults.flatMap(\.findings)
        var builder = IssuerMoveStepBuilder(options: options, inventory: inventory)
        builder.addProviders(for: roleResults)
        builder.addRoles(roleResults)
        builder.addOldProviderDeletion(roleResults: roleResults)
        findings += builder.findings + untrustedSourceWarnings(roleResults) + Self.unknownAccountWarnings(inventory)
        let assembler = PlanAssembler(
            options: .issuerMove(options), inputDigest: digest.value, createdAt: createdAt.iso8601)
        return assembler.assemble(
            steps: builder.steps, findings: findings, roles: builder.roleChanges,
            blocked: roleResults.filter(\.isBlocked).count,
            notes: PlanNotes(
                issuerMove: IssuerMoveFacts(roleResults),
                dependants: RoleDependants.of(roles: Set(builder.roleChanges.map(\.arn)), in: inventory)))
    }

    /// Service accounts annotated with a role of an account the inventory has no roles of:
    /// that role's trust cannot be moved, so its workloads break at the switch.
    static func unknownAccountWarnings(_ inventory: Inventory) -> [Finding] {
        let accounts = Set(inventory.roles.compactMap { ARN($0.arn).map { "\($0.partition):\($0.account)" } })
        return inventory.serviceAccounts.compactMap { account in
            guard let value = account.annotations[Annotations.irsaRoleARN], let arn = ARN(value),
                !accounts.contains("\(arn.partition):\(arn.account)")
            else { return nil }
            return Finding(
                .warning, "role-account-not-in-inventory", subject: account.ref.description,
                "is annotated with role \(value), whose account \(arn.account) is not in the inventory: its trust cannot be moved, so the service account's pods lose AWS access at the switch; add that account's roles (--profile for it) and re-plan"
            )
        }
    }

    /// The subjects of the service accounts annotated with each role ARN.
    static func annotatedSubjects(_ accounts: [ServiceAccount]) -> [String: [String]] {
        var subjects: [String: [String]] = [:]
        for account in accounts {
            guard let arn = account.annotations[Annotations.irsaRoleARN] else { continue }
            subjects[arn, default: []].append("system:serviceaccount:\(account.namespace):\(account.name)")
        }
        return subjects.mapValues { Array(Set($0)).sorted() }
    }

    /// The `eks.amazonaws.com/audience` values of the service accounts annotated with each role ARN.
    static func annotatedAudiences(_ accounts: [ServiceAccount]) -> [String: Set<String>] {
        var audiences: [String: Set<String>] = [:]
        for account in accounts {
            guard let arn = account.annotations[Annotations.irsaRoleARN],
                let audience = account.annotations[Annotations.irsaAudience], !audience.isEmpty
            else { continue }
            audiences[arn, default: []].insert(audience)
        }
        return audiences
    }

    /// A move whose old issuer no role trusts is almost always a typo in --from (the S3
    /// dash form, a missing path): say which issuers the roles do trust instead of "no changes".
    private func untrustedSourceWarnings(_ results: [DualTrustPlanner.RoleResult]) -> [Finding] {
        guard !results.contains(where: { $0.oldProvider != nil }) else { return [] }
        let trusted = Set(
            results.compactMap(\.policy).flatMap(\.statements).flatMap(\.federatedProviders).compactMap {
                ARN($0)?.oidcProviderIssuer.map(ConditionKey.normalisedIssuer)
            })
        // --from itself is among them only through providers of another account or spelling,
        // which their own warnings name.
        let others = trusted.subtracting([options.from.hostAndPath])
        var named =
            others.isEmpty ? "no role trusts another OIDC issuer" : "the roles trust " + others.sorted().joined(separator: ", ")
        if trusted.contains(options.from.hostAndPath) { named += "; statements that name it otherwise are in the warnings" }
        return [
            Finding(
                .warning, "no-role-trusts-from", subject: options.from.url,
                "no role in the inventory trusts \(options.from.hostAndPath), so there is nothing to move (\(named)): check --from against a token's iss claim and the accounts (--profile), then re-plan"
            )
        ]
    }
}
