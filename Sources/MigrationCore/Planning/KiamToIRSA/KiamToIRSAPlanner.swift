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
    public func plan(_ inventory: Inventory, createdAt: Date) -> Plan {
        let digest = Background { InventoryDigest.digest(inventory) }
        let roles = Dictionary(inventory.roles.map { ($0.arn, $0) }, uniquingKeysWith: { first, _ in first })
        let namespaces = Dictionary(inventory.namespaces.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let rules = AgentRules.detect(in: inventory.workloads)
        let resolver = Self.resolver(options: options, rules: rules)
        let reader = KiamWorkloadReader(
            resolver: resolver, roles: roles, namespaces: namespaces, rules: rules,
            allowForbidden: options.allowNamespaceForbidden)
        var (movable, findings, blocked) = reader.read(inventory.workloads)
        let readable = movable
        findings += Self.defaultRoleFindings(rules, workloads: inventory.workloads)
        findings += Self.baseARNFindings(options: options, rules: rules)
        findings += IssuerWarnings.findings(for: options.issuer, option: "--issuer")
        let told = KiamAudience(options: options, inventory: inventory, roleARNs: Set(movable.map(\.roleARN)))
        findings += told.findings
        if told.audience == nil {
            let china = movable.filter { ARN($0.roleARN)?.partition == "aws-cn" }
            blocked += china.count
            movable.removeAll { ARN($0.roleARN)?.partition == "aws-cn" }
        }
        // From here on the plan uses (and records) the audience the cluster's tokens carry.
        var options = options
        options.audience = told.audience ?? options.audience

        let policies = parsePolicies(of: Set(movable.map(\.roleARN)), roles: roles, findings: &findings)
        blocked += movable.count { policies[$0.roleARN] == nil }
        movable.removeAll { policies[$0.roleARN] == nil }
        let untrusted = Set(
            policies.filter { !AgentTrust.admitsAgent($0.value, agents: options.agentRoles) }.keys)
        findings += movable.filter { untrusted.contains($0.roleARN) }.map {
            AgentTrust.finding($0, roleKey: rules.roleKey, agents: options.agentRoles)
        }
        blocked += movable.count { untrusted.contains($0.roleARN) }
        movable.removeAll { untrusted.contains($0.roleARN) }

        let assigner = ServiceAccountAssigner(serviceAccounts: inventory.serviceAccounts, workloads: inventory.workloads)
        let (allAssignments, accountFindings) = assigner.assign(movable)
        findings += accountFindings
        blocked += movable.count - allAssignments.count

        let trustPlanner = IRSATrustPlanner(issuer: options.issuer, audience: options.audience, quota: options.trustPolicyQuota)
        var edits: [String: TrustEdit] = [:]
        var blockedRoles = Set<String>()
        var deniedWorkloads = Set<ObjectRef>()
        let byRole = Dictionary(grouping: allAssignments, by: \.roleARN).sorted(by: { $0.key < $1.key })
        // Each role's trust is planned on its own, on every core.
        let planned = byRole.concurrentMap { [self] arn, assignments -> (IAMRole, IRSATrustPlanner.Edit)? in
            guard let role = roles[arn], let policy = policies[arn], let provider = providerARN(forRole: arn) else { return nil }
            return (role, trustPlanner.edit(role: role, policy: policy, provider: provider, subjects: assignments.map(\.subject)))
        }
        for ((arn, assignments), planned) in zip(byRole, planned) {
            guard let (role, (result, denied)) = planned else { continue }
            for assignment in assignments {
                guard let statement = denied[assignment.subject] else { continue }
                deniedWorkloads.insert(assignment.workload)
                findings.append(
                    trustPlanner.deniedFinding(
                        workload: assignment.workload, role: role, subject: assignment.subject, statement: statement))
            }
            switch result {
            case .success(let edit): edits[arn] = edit
            case .failure(let finding):
                findings.append(finding)
                blockedRoles.insert(arn)
            }
        }
        let assignments = allAssignments.filter { !blockedRoles.contains($0.roleARN) && !deniedWorkloads.contains($0.workload) }
        blocked += allAssignments.count - assignments.count

        var builder = KiamStepBuilder(options: options, inventory: inventory, workloads: movable)
        builder.roleKey = rules.roleKey
        builder.restrictionKeys = rules.restrictionKeys
        builder.addProviders(forRoles: Set(assignments.map(\.roleARN)))
        builder.addTrust(edits.values.filter { !blockedRoles.contains($0.role.arn) })
        builder.addServiceAccounts(assignments)
        builder.addCutoverAndVerify(assignments)
        if options.cleanup {
            let stillOnKiam = stillUsingKiam(
                inventory: inventory, switched: builder.switchedWorkloads, resolver: resolver, rules: rules)
            builder.addCleanup(roles: roles, policies: policies, stillOnKiam: stillOnKiam, findings: &findings)
        }
        findings = Self.namingLeftOut(readable, switched: builder.switchedWorkloads, in: findings)
        let assembler = PlanAssembler(
            options: .kiamToIRSA(options), inputDigest: digest.value, createdAt: createdAt.iso8601)
        let roleChanges = builder.roleChanges
        return assembler.assemble(
            steps: builder.steps, findings: findings + builder.findings, roles: roleChanges, blocked: blocked,
            notes: PlanNotes(
                dependants: RoleDependants.of(
                    roles: Set(roleChanges.map(\.arn)), in: inventory,
                    agentUsers: stillUsingKiam(
                        inventory: inventory, switched: [], resolver: resolver, rules: rules, countingDefaultRole: false),
                    agentKey: rules.roleKey)))
    }

    /// A role's error (its trust cannot be read or would not fit, its audience is unknown)
    /// leaves out the workloads that use it, which no finding of their own names: the role's
    /// finding names them, so every workload left out can be found in the plan.
    static func namingLeftOut(_ workloads: [KiamWorkload], switched: Set<ObjectRef>, in findings: [Finding]) -> [Finding] {
        let named = Set(findings.map(\.subject))
        let leftOut = Dictionary(
            grouping: workloads.map { ($0.roleARN, $0.workload.ref) }.filter {
                !switched.contains($0.1) && !named.contains($0.1.description)
            },
            by: \.0)
        return findings.map { finding in
            guard finding.severity == .error, let users = leftOut[finding.subject] else { return finding }
            var withUsers = finding
            withUsers.message += " (left out: \(KiamStepBuilder.listed(users.map(\.1))))"
            return withUsers
        }
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

    /// The workloads that still get each role through kiam after the plan: every user the
    /// plan does not switch (not moving, blocked, or a Job or bare Pod that must be re-created
    /// from its source), and (`countingDefaultRole`) under kube2iam `--default-role` every
    /// workload without the annotation that kube2iam serves. Cleanup of a role waits until
    /// there is none.
    private func stillUsingKiam(
        inventory: Inventory, switched: Set<ObjectRef>, resolver: RoleResolver, rules: AgentRules,
        countingDefaultRole: Bool = true
    ) -> [String: [ObjectRef]] {
        var users: [String: [ObjectRef]] = [:]
        var defaultRole: String?
        if countingDefaultRole, let name = rules.defaultRole, case .resolved(let arn) = resolver.resolve(name) {
            defaultRole = arn
        }
        for workload in inventory.workloads where !switched.contains(workload.ref) {
            if let value = workload.template.annotations[rules.roleKey] {
                if case .resolved(let arn) = resolver.resolve(value) { users[arn, default: []].append(workload.ref) }
            } else if let defaultRole, !AgentRules.isAgent(workload), !workload.template.hostNetwork {
                users[defaultRole, default: []].append(workload.ref)
            }
        }
        return users
    }

    /// What resolves a bare role name: the agent's own base ARN when the inventory shows it,
    /// since that is the role pods get today; `--role-base-arn` otherwise.
    static func resolver(options: KiamToIRSAOptions, rules: AgentRules) -> RoleResolver {
        let agents = RoleResolver(baseARN: rules.baseRoleARN)
        return agents.baseARN != nil ? agents : RoleResolver(baseARN: options.roleBaseARN)
    }

    /// `--role-base-arn` that differs from the agent's: it would resolve names to roles the
    /// pods never had, so the agent's is used and the finding says so.
    static func baseARNFindings(options: KiamToIRSAOptions, rules: AgentRules) -> [Finding] {
        let given = RoleResolver(baseARN: options.roleBaseARN).baseARN
        guard let given, let agents = RoleResolver(baseARN: rules.baseRoleARN).baseARN, given != agents else { return [] }
        return [
            Finding(
                .warning, "role-base-arn-differs", subject: rules.source ?? "agent",
                "resolves role names with base ARN \(agents), not \(given) (--role-base-arn): the plan uses the agent's, so each workload keeps the role it gets today"
            )
        ]
    }

    /// kube2iam `--default-role` gives every pod without the role annotation a role today;
    /// those workloads lose it when kube2iam goes, and the plan does not move them.
    static func defaultRoleFindings(_ rules: AgentRules, workloads: [Workload]) -> [Finding] {
        guard let role = rules.defaultRole else { return [] }
        let users = workloads.filter { $0.template.annotations[rules.roleKey] == nil && !AgentRules.isAgent($0) }
        guard !users.isEmpty else { return [] }
        return [
            Finding(
                .warning, "kube2iam-default-role", subject: rules.source ?? "kube2iam",
                "kube2iam runs with --default-role \(role): \(users.count) workload(s) without \(rules.roleKey) get that role today and lose it when kube2iam is removed; annotate the ones that need it with \(rules.roleKey), then re-plan"
            )
        ]
    }
}
