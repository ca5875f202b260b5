/// Lays out the steps of an instance-role plan: providers, roles and their policies, service
/// accounts (prepare); restarts (cutover); checks (verify); and the opt-in node-role cleanup.
struct InstanceRoleStepBuilder {
    let options: InstanceRoleOptions
    let inventory: Inventory
    let createdAt: String
    var steps: [Step] = []
    var findings: [Finding] = []
    /// Verify step ids by role ARN: what cleanup of the node role waits for.
    private(set) var verifyStepIDs: [String: [String]] = [:]

    init(options: InstanceRoleOptions, inventory: Inventory, createdAt: String) {
        self.options = options
        self.inventory = inventory
        self.createdAt = createdAt
    }

    mutating func add(_ grants: [RoleGrant]) {
        let providers = addProviders(Set(grants.map(\.role)))
        for grant in grants.sorted(by: { $0.role < $1.role }) {
            let roleTarget = StepTarget.arn(grant.role)
            let name = grant.role.roleName ?? grant.role.description
            var prepared: [String] = []
            if !grant.roleExists {
                let provider = Step.id(
                    action: .ensureOIDCProvider,
                    target: .arn(
                        ARN.oidcProvider(partition: grant.role.partition, account: grant.role.account, issuer: options.issuer)))
                let step = Step(
                    phase: .prepare, target: roleTarget,
                    summary: "create role \(name) trusted by \(grant.account.namespace)/\(grant.account.name) only",
                    dependsOn: providers.contains(provider) ? [provider] : [], fingerprint: Fingerprint.roleExists(false),
                    payload: .createRole(
                        RoleCreation(
                            path: grant.path, trustPolicy: grant.trustPolicy.json, permissionsBoundary: grant.permissionsBoundary,
                            tags: grant.tags)))
                steps.append(step)
                prepared.append(step.id)
            }
            let afterRole = prepared
            // An existing role may hold some already (an earlier plan of this map was applied).
            let attach = grant.policyARNs.filter { !grant.heldPolicyARNs.contains($0) }
            let put = grant.inlinePolicies.filter { name, document in
                grant.heldInline[name].map { !Fingerprint.sameDocument($0, document) } ?? true
            }
            if !attach.isEmpty {
                let step = Step(
                    phase: .prepare, target: roleTarget,
                    summary: "attach \(attach.joined(separator: ", ")) to role \(name)", dependsOn: afterRole,
                    payload: .attachRolePolicy(RolePolicyAttachment(policyARNs: attach)))
                steps.append(step)
                prepared.append(step.id)
            }
            if !put.isEmpty {
                let step = Step(
                    phase: .prepare, target: roleTarget,
                    summary: "put inline policy \(put.keys.sorted().joined(separator: ", ")) on role \(name)",
                    dependsOn: afterRole, payload: .putRolePolicy(InlinePolicyPut(policies: put)))
                steps.append(step)
                prepared.append(step.id)
            }
            addAccountAndCutover(grant, prepared: prepared)
        }
    }

    /// One provider per account that owns a new role, unless it exists with the audience.
    private mutating func addProviders(_ roles: Set<ARN>) -> Set<String> {
        var ids = Set<String>()
        let providers = Set(roles.map { ARN.oidcProvider(partition: $0.partition, account: $0.account, issuer: options.issuer) })
        for provider in providers.sorted() {
            let known = inventory.oidcProviders?.first { $0.arn == provider.description }
            if let known, known.clientIDs?.contains(options.audience) ?? true { continue }
            let step = Step(
                phase: .prepare, target: .arn(provider),
                summary: known == nil
                    ? "create the OIDC provider for \(options.issuer.hostAndPath) in account \(provider.account)"
                    : "add client id \(options.audience) to the OIDC provider in account \(provider.account)",
                payload: .ensureOIDCProvider(OIDCProviderEnsure(url: options.issuer.url, clientIDs: [options.audience])))
            ids.insert(step.id)
            steps.append(step)
        }
        return ids
    }

    private mutating func addAccountAndCutover(_ grant: RoleGrant, prepared: [String]) {
        guard !grant.accountDone else {
            // Whether its pods restarted since is not known here: restart them again (a workload
            // entry's workload runs as the account, so its switch rolled it out).
            let check = addChecks(grant, ready: prepared)
            if grant.dedicated == nil {
                for workload in grant.users { addRestart(workload, grant: grant, check: check, ready: prepared) }
            }
            return
        }
        let ref = grant.account
        let existing = inventory.serviceAccounts.first { $0.ref == ref }
        var annotations = [Annotations.irsaRoleARN: grant.role.description]
        if options.audience != Annotations.defaultAudience { annotations[Annotations.irsaAudience] = options.audience }
        let accountStep: Step
        if let existing {
            let previous = Dictionary(uniqueKeysWithValues: annotations.keys.map { ($0, existing.annotations[$0]) })
            accountStep = Step(
                phase: .prepare, target: .object(ref), summary: "annotate \(ref.name) with role \(grant.role)",
                dependsOn: prepared,
                fingerprint: Fingerprint.serviceAccount(existing),
                payload: .annotateServiceAccount(ServiceAccountAnnotation(annotations: annotations, previous: previous)))
        } else {
            accountStep = Step(
                phase: .prepare, target: .object(ref),
                summary: "create \(ref.name)\(grant.dedicated.map { " for \($0.workload.ref)" } ?? "") with role \(grant.role)",
                dependsOn: prepared, fingerprint: Fingerprint.serviceAccount(nil),
                payload: .createServiceAccount(
                    ServiceAccountCreation(
                        annotations: annotations, labels: [Annotations.createdByLabel: Annotations.createdByValue],
                        imagePullSecrets: grant.dedicated?.imagePullSecrets ?? [])))
        }
        steps.append(accountStep)
        let ready = [accountStep.id] + prepared
        let check = addChecks(grant, ready: ready)
        if let dedicated = grant.dedicated {
            addSwitch(dedicated.workload, grant: grant, check: check, ready: ready)
        } else {
            for workload in grant.users { addRestart(workload, grant: grant, check: check, ready: ready) }
        }
    }

    /// The role check of a grant; returns the identity its workloads' checks use.
    @discardableResult
    private mutating func addChecks(_ grant: RoleGrant, ready: [String]) -> IdentityCheck {
        let ref = grant.account
        let check = IdentityCheck(
            roleARN: grant.role.description, serviceAccount: ref, audience: options.audience, issuer: options.issuer.url,
            subject: "system:serviceaccount:\(ref.namespace):\(ref.name)")
        var roleCheck = check
        roleCheck.permissions = RolePermissions(
            attachedPolicyARNs: grant.policyARNs, inlinePolicies: grant.inlinePolicies, exact: !grant.roleExists)
        let verifyRole = Step(
            phase: .verify, target: .object(ref),
            summary: "a token of \(ref.name) can assume \(grant.role) through STS, and the role holds the planned policies",
            dependsOn: ready, payload: .verifyAssumeRole(roleCheck))
        steps.append(verifyRole)
        verifyStepIDs[grant.role.description, default: []].append(verifyRole.id)
        return check
    }

    /// A `workload` entry's cutover: one patch runs it as its dedicated account, so its pods
    /// roll out with IRSA; rollback puts the account it ran as back.
    private mutating func addSwitch(_ workload: Workload, grant: RoleGrant, check: IdentityCheck, ready: [String]) {
        let account = grant.account.name
        if let finding = KiamStepBuilder.recreateFinding(workload.ref, account: account, withoutKiam: false) {
            findings.append(finding)
            return
        }
        let change = WorkloadSwitch(
            previousKiamRole: nil, serviceAccount: .init(from: workload.template.serviceAccountName, to: account))
        let switchStep = Step(
            phase: .cutover, target: .object(workload.ref),
            summary: "run as \(account) (its own account, role \(grant.role.roleName ?? grant.role.description)); rolls out",
            dependsOn: ready, fingerprint: Fingerprint.podTemplate(workload.template, roleKey: Annotations.kiamRole),
            payload: .switchWorkload(change))
        let verify = Step(
            phase: .verify, target: .object(workload.ref), summary: "pods of the new template carry IRSA for \(grant.role)",
            dependsOn: [switchStep.id], payload: .verifyWorkload(check))
        steps += [switchStep, verify]
        verifyStepIDs[grant.role.description, default: []].append(verify.id)
    }

    private mutating func addRestart(_ workload: Workload, grant: RoleGrant, check: IdentityCheck, ready: [String]) {
        switch workload.ref.kind {
        case .deployment, .statefulset, .daemonset:
            let restart = Step(
                phase: .cutover, target: .object(workload.ref), summary: "restart so new pods get IRSA for \(grant.role)",
                dependsOn: ready,
                fingerprint: Fingerprint.restartTarget(serviceAccount: workload.template.effectiveServiceAccount),
                payload: .restartWorkload(
                    WorkloadRestart(restartedAt: createdAt, serviceAccountName: workload.template.effectiveServiceAccount)))
            let verify = Step(
                phase: .verify, target: .object(workload.ref), summary: "pods of the new template carry IRSA for \(grant.role)",
                dependsOn: [restart.id], payload: .verifyWorkload(check))
            steps += [restart, verify]
            verifyStepIDs[grant.role.description, default: []].append(verify.id)
        case .cronjob:
            findings.append(
                Finding(
                    .info, "cronjob-next-run", subject: workload.ref.description,
                    "its next Job gets IRSA for \(grant.role) when it starts; nothing to restart"))
        default:
            findings.append(
                Finding(
                    .warning, "recreate-needed", subject: workload.ref.description,
                    "a \(workload.ref.kind.rawValue) cannot be restarted in place: re-create it from its source once the prepare steps are applied, so its pods get IRSA for \(grant.role)"
                ))
        }
    }
}
