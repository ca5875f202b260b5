/// Lays out the steps of a kiam-to-irsa plan, each with its forward and inverse payloads,
/// its fingerprint, and the steps it depends on.
struct KiamStepBuilder {
    let options: KiamToIRSAOptions
    let inventory: Inventory
    let workloads: [ObjectRef: KiamWorkload]
    var steps: [Step] = []
    /// The pod annotation the agent reads roles from (kube2iam `--iam-role-key`).
    var roleKey = Annotations.kiamRole
    /// The namespace annotations the agent reads what a namespace permits from (`AgentRules`).
    var restrictionKeys = [Annotations.kiamPermitted, Annotations.kube2iamAllowedRoles]
    /// Findings about workloads the builder cannot switch with a patch.
    private(set) var findings: [Finding] = []
    private var providerStepIDs = Set<String>()
    private let serviceAccounts: [ObjectRef: ServiceAccount]
    /// Trust edits by role ARN: prepare's, then cleanup's on top of it.
    private var edits: [String: (original: TrustPolicy, final: TrustPolicy)] = [:]
    private var trustStepIDs: [String: String] = [:]
    private var accountStepIDs: [ObjectRef: String] = [:]
    /// Verify step ids by role ARN and by namespace name: what cleanup must wait for.
    private(set) var verifyStepIDsByRole: [String: [String]] = [:]
    private var verifyStepIDsByNamespaceName: [String: [String]] = [:]

    init(options: KiamToIRSAOptions, inventory: Inventory, workloads: [KiamWorkload]) {
        self.options = options
        self.inventory = inventory
        self.workloads = Dictionary(workloads.map { ($0.workload.ref, $0) }, uniquingKeysWith: { first, _ in first })
        serviceAccounts = Dictionary(inventory.serviceAccounts.map { ($0.ref, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Each role's change, worked out on every core (the sizes serialise both documents).
    var roleChanges: [RoleChange] {
        let quota = options.trustPolicyQuota
        return edits.map { (arn: $0.key, original: $0.value.original, final: $0.value.final) }.concurrentMap { edit in
            RoleChange(
                arn: edit.arn, quota: quota, sizeBefore: edit.original.minifiedSize, sizeAfter: edit.final.minifiedSize,
                before: edit.original.json, after: edit.final.json)
        }
    }

    func editedPolicy(_ roleARN: String) -> TrustPolicy? { edits[roleARN]?.final }

    func verifyStepIDsByNamespace(_ name: String) -> [String]? {
        verifyStepIDsByNamespaceName[name].map { Array(Set($0)).sorted() }
    }

    /// Adds a trust step and keeps the role's original document for the report.
    mutating func append(_ step: Step, original: TrustPolicy, final: TrustPolicy) {
        steps.append(step)
        edits[step.target.description] = (edits[step.target.description]?.original ?? original, final)
    }

    // MARK: prepare

    /// One OIDC provider per account that owns a planned role, unless the inventory shows it
    /// already exists with the audience among its client ids. A provider whose client ids
    /// the inventory does not carry (`list-open-id-connect-providers` has none) gets the same
    /// ensure step: apply reads it live and adds the audience only if it is missing, so the
    /// plan never assumes STS will accept the tokens.
    mutating func addProviders(forRoles arns: Set<String>) {
        let providers = Set(
            arns.compactMap(ARN.init).map {
                ARN.oidcProvider(partition: $0.partition, account: $0.account, issuer: options.issuer)
            })
        for provider in providers.sorted() {
            let known = inventory.oidcProviders?.first { $0.arn == provider.description }
            if let known, known.clientIDs?.contains(options.audience) == true { continue }
            let summary: String
            switch known?.clientIDs {
            case _ where known == nil:
                summary = "create the OIDC provider for \(options.issuer.hostAndPath) in account \(provider.account)"
            case nil:
                summary =
                    "make sure the OIDC provider in account \(provider.account) accepts client id \(options.audience) (its client ids were not read; apply checks them)"
            default:
                summary = "add client id \(options.audience) to the OIDC provider in account \(provider.account)"
            }
            let step = Step(
                phase: .prepare, target: .arn(provider), summary: summary,
                payload: .ensureOIDCProvider(OIDCProviderEnsure(url: options.issuer.url, clientIDs: [options.audience])))
            providerStepIDs.insert(step.id)
            steps.append(step)
        }
    }
    mutating func addTrust(_ trustEdits: [TrustEdit]) {
        for edit in trustEdits.sorted(by: { $0.role.arn < $1.role.arn }) {
            // The planner made edits only for roles whose ARN names their account.
            guard let roleARN = ARN(edit.role.arn) else { continue }
            let provider = ARN.oidcProvider(partition: roleARN.partition, account: roleARN.account, issuer: options.issuer)
            let providerStep = Step.id(action: .ensureOIDCProvider, target: .arn(provider))
            let step = edit.step(
                role: roleARN, phase: .prepare,
                summary: "trust \(options.issuer.hostAndPath) for \(subjectCount(edit)) in role \(edit.role.name)",
                dependsOn: providerStepIDs.contains(providerStep) ? [providerStep] : [])
            trustStepIDs[edit.role.arn] = step.id
            edits[edit.role.arn] = (edit.before, edit.after)
            steps.append(step)
        }
    }

    private func subjectCount(_ edit: TrustEdit) -> String {
        let subjects = Set(edit.added.flatMap { $0.webIdentityShape?.subjects ?? [] })
        return subjects.count == 1 ? "1 service account" : "\(subjects.count) service accounts"
    }

    mutating func addServiceAccounts(_ assignments: [ServiceAccountAssignment]) {
        for assignment in assignments {
            let ref = ObjectRef.serviceAccount(assignment.namespace, assignment.to)
            let existing = serviceAccounts[ref]
            let dependsOn = trustStepIDs[assignment.roleARN].map { [$0] } ?? []
            var annotations = [Annotations.irsaRoleARN: assignment.roleARN]
            if options.audience != Annotations.defaultAudience { annotations[Annotations.irsaAudience] = options.audience }
            let step: Step
            switch assignment.change {
            case .none:
                continue
            case .create(let pullSecrets):
                step = Step(
                    phase: .prepare, target: .object(ref),
                    summary: "create \(ref.name) for \(assignment.workload) with role \(assignment.roleARN)",
                    dependsOn: dependsOn, fingerprint: Fingerprint.serviceAccount(nil),
                    payload: .createServiceAccount(
                        ServiceAccountCreation(
                            annotations: annotations, labels: [Annotations.createdByLabel: Annotations.createdByValue],
                            imagePullSecrets: pullSecrets)))
            case .annotate(let previousRole):
                var previous: [String: String?] = [:]
                for key in annotations.keys {
                    previous[key] = key == Annotations.irsaRoleARN ? previousRole : existing?.annotations[key]
                }
                step = Step(
                    phase: .prepare, target: .object(ref),
                    summary: "annotate \(ref.name) with role \(assignment.roleARN)", dependsOn: dependsOn,
                    fingerprint: Fingerprint.serviceAccount(existing),
                    payload: .annotateServiceAccount(ServiceAccountAnnotation(annotations: annotations, previous: previous)))
            }
            accountStepIDs[ref] = step.id
            steps.append(step)
        }
    }

    // MARK: cutover and verify

    mutating func addCutoverAndVerify(_ assignments: [ServiceAccountAssignment]) {
        for assignment in assignments {
            guard let moving = workloads[assignment.workload] else { continue }
            let accountRef = ObjectRef.serviceAccount(assignment.namespace, assignment.to)
            let prerequisites = [accountStepIDs[accountRef], trustStepIDs[assignment.roleARN]].compactMap { $0 }
            let check = verification(assignment, account: accountRef)
            let verifyRole = Step(
                phase: .verify, target: .object(accountRef),
                summary: "a token of \(assignment.to) can assume \(assignment.roleARN) through STS", dependsOn: prerequisites,
                payload: .verifyAssumeRole(check))
            verifyStepIDsByRole[assignment.roleARN, default: []].append(verifyRole.id)
            steps.append(verifyRole)
            if let finding = Self.recreateFinding(moving.workload.ref, account: assignment.to) {
                findings.append(finding)
                continue
            }
            let accountChange =
                assignment.from == assignment.to
                ? nil
                : WorkloadSwitch.AccountChange(from: moving.workload.template.serviceAccountName, to: assignment.to)
            let change = accountChange == nil ? "" : " and run it as \(assignment.to)"
            let switchStep = Step(
                phase: .cutover, target: .object(assignment.workload),
                summary: "remove the kiam annotation\(change); rolls out", dependsOn: prerequisites,
                fingerprint: Fingerprint.podTemplate(moving.workload.template, roleKey: moving.annotationKey),
                payload: .switchWorkload(
                    WorkloadSwitch(
                        previousKiamRole: moving.annotationValue, serviceAccount: accountChange,
                        annotationKey: moving.annotationKey)))
            let verifyWorkload = Step(
                phase: .verify, target: .object(assignment.workload),
                summary: "pods of the new template carry IRSA for \(assignment.roleARN)", dependsOn: [switchStep.id],
                payload: .verifyWorkload(check))
            verifyStepIDsByRole[assignment.roleARN, default: []].append(verifyWorkload.id)
            verifyStepIDsByNamespaceName[assignment.namespace, default: []].append(verifyWorkload.id)
            steps += [switchStep, verifyWorkload]
        }
    }

    private func verification(_ assignment: ServiceAccountAssignment, account: ObjectRef) -> IdentityCheck {
        IdentityCheck(
            roleARN: assignment.roleARN, serviceAccount: account, audience: options.audience, issuer: options.issuer.url,
            subject: assignment.subject)
    }

    /// A Job's pod template and a bare Pod's service account cannot change, and the webhook
    /// acts only when a pod is created: those are re-created from their source instead.
    static func recreateFinding(_ ref: ObjectRef, account: String, withoutKiam: Bool = true) -> Finding? {
        let change = "serviceAccountName \(account)" + (withoutKiam ? " and without \(Annotations.kiamRole)" : "")
        switch ref.kind {
        case .job:
            return Finding(
                .warning, "job-template-immutable", subject: ref.description,
                "a Job's pod template cannot be patched: its service account and trust are prepared; re-create the Job from its source with \(change)"
            )
        case .pod:
            return Finding(
                .warning, "bare-pod-needs-recreate", subject: ref.description,
                "a bare Pod cannot change its service account: its service account and trust are prepared; re-create it from its source with \(change)"
            )
        default:
            return nil
        }
    }
}
