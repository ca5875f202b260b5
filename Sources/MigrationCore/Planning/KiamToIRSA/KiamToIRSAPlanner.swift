import Foundation

/// Plans the move of kiam / kube2iam workloads to IRSA (docs/architecture.md, "Plan kinds").
///
/// Reads like its phases: find movable workloads, give them service accounts, plan each
/// role's trust, then lay out prepare, cutover, verify and (opt-in) cleanup steps.
public struct KiamToIRSAPlanner: Sendable {
    public let options: KiamToIRSAOptions

    public init(options: KiamToIRSAOptions) {
        self.options = options
    }

    /// `createdAt` comes from the caller's clock so the core stays deterministic.
    public func plan(_ inventory: Inventory, createdAt: Date) throws(PlanningError) -> Plan {
        let roles = Dictionary(inventory.roles.map { ($0.arn, $0) }, uniquingKeysWith: { first, _ in first })
        let namespaces = Dictionary(inventory.namespaces.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let resolver = RoleResolver(baseARN: options.roleBaseARN)
        var (movable, findings, blocked) = KiamWorkloadReader(resolver: resolver, roles: roles, namespaces: namespaces)
            .read(inventory.workloads)

        let policies = parsePolicies(of: Set(movable.map(\.roleARN)), roles: roles, findings: &findings)
        blocked += movable.count { policies[$0.roleARN] == nil }
        movable.removeAll { policies[$0.roleARN] == nil }

        let assigner = ServiceAccountAssigner(serviceAccounts: inventory.serviceAccounts)
        let (allAssignments, accountFindings) = assigner.assign(movable)
        findings += accountFindings
        blocked += movable.count - allAssignments.count

        let trustPlanner = IRSATrustPlanner(issuer: options.issuer, audience: options.audience, quota: options.trustPolicyQuota)
        var edits: [String: TrustEdit] = [:]
        var blockedRoles = Set<String>()
        for (arn, assignments) in Dictionary(grouping: allAssignments, by: \.roleARN).sorted(by: { $0.key < $1.key }) {
            guard let role = roles[arn], let policy = policies[arn], let provider = providerARN(forRole: arn) else { continue }
            switch try trustPlanner.edit(role: role, policy: policy, provider: provider, subjects: assignments.map(\.subject)) {
            case .success(let edit): edits[arn] = edit
            case .failure(let finding):
                findings.append(finding)
                blockedRoles.insert(arn)
            }
        }
        let assignments = allAssignments.filter { !blockedRoles.contains($0.roleARN) }
        blocked += allAssignments.count - assignments.count

        var builder = KiamStepBuilder(options: options, inventory: inventory, workloads: movable)
        builder.addProviders(forRoles: Set(assignments.map(\.roleARN)))
        builder.addTrust(edits.values.filter { !blockedRoles.contains($0.role.arn) })
        builder.addServiceAccounts(assignments)
        builder.addCutoverAndVerify(assignments)
        if options.cleanup {
            let stillOnKiam = stillUsingKiam(inventory: inventory, moved: Set(assignments.map(\.workload)), resolver: resolver)
            try builder.addCleanup(roles: roles, policies: policies, stillOnKiam: stillOnKiam, findings: &findings)
        }
        let assembler = PlanAssembler(
            options: .kiamToIRSA(options), inputDigest: InventoryDigest.digest(inventory), createdAt: createdAt.iso8601)
        return assembler.assemble(
            steps: builder.steps, findings: findings + builder.findings, roles: builder.roleChanges, blocked: blocked)
    }

    private func parsePolicies(of arns: Set<String>, roles: [String: IAMRole], findings: inout [Finding]) -> [String: TrustPolicy]
    {
        var policies: [String: TrustPolicy] = [:]
        for arn in arns.sorted() {
            guard let role = roles[arn] else { continue }
            do {
                policies[arn] = try TrustPolicy(parsing: role.trustPolicyText ?? "")
            } catch {
                findings.append(
                    Finding(
                        .error, "trust-policy-unparseable", subject: arn,
                        "the trust policy of role \(role.name) cannot be read (\(error)): fix it in IAM, then re-plan"))
            }
        }
        return policies
    }

    private func providerARN(forRole roleARN: String) -> ARN? {
        ARN(roleARN).map { ARN.oidcProvider(partition: $0.partition, account: $0.account, issuer: options.issuer) }
    }

    /// Role ARNs that workloads which are not moving still get through kiam.
    private func stillUsingKiam(inventory: Inventory, moved: Set<ObjectRef>, resolver: RoleResolver) -> Set<String> {
        var arns = Set<String>()
        for workload in inventory.workloads where !moved.contains(workload.ref) {
            guard let value = workload.template.annotations[Annotations.kiamRole] else { continue }
            if case .resolved(let arn) = resolver.resolve(value) { arns.insert(arn) }
        }
        return arns
    }
}
