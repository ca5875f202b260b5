/// Finds the workloads that get a role through kiam / kube2iam and sorts them into those
/// that can move and findings for those that cannot.
struct KiamWorkloadReader {
    let resolver: RoleResolver
    let roles: [String: IAMRole]
    let namespaces: [String: Namespace]
    var rules = AgentRules(agent: .unknown)
    /// `--allow-namespace-forbidden`: plan workloads whose namespace forbids their role today.
    var allowForbidden = false

    func read(_ workloads: [Workload]) -> (movable: [KiamWorkload], findings: [Finding], blocked: Int) {
        var movable: [KiamWorkload] = []
        var findings: [Finding] = []
        var blocked = 0
        var restrictions = NamespaceRestrictions(resolver: resolver, rules: rules)
        var assumedRulesRefused = false
        for workload in workloads.sorted(by: { $0.ref < $1.ref }) {
            guard let value = workload.template.annotations[rules.roleKey] else { continue }
            if let owner = workload.unknownController {
                findings.append(Self.unknownControllerFinding(workload, owner: owner, key: rules.roleKey))
                blocked += 1
                continue
            }
            findings += WorkloadWarnings.findings(for: workload)
            let arn: String
            switch roleARN(of: workload, annotation: value) {
            case .success(let resolved):
                arn = resolved
            case .failure(let finding):
                findings.append(finding)
                blocked += 1
                continue
            }
            let verdict = restrictions.verdict(for: arn, in: namespaces[workload.ref.namespace])
            if let finding = forbiddenFinding(verdict, workload: workload, roleARN: arn) {
                findings.append(finding)
                if case .noAnnotation = verdict, rules.agent == .unknown { assumedRulesRefused = true }
                if !allowForbidden {
                    blocked += 1
                    continue
                }
            }
            movable.append(KiamWorkload(workload: workload, roleARN: arn, annotationValue: value, annotationKey: rules.roleKey))
        }
        if assumedRulesRefused { findings.append(Self.assumedRulesFinding) }
        return (movable, findings, blocked)
    }

    /// A workload whose namespace forbids its role today: moving it would grant access it
    /// does not have, so it is an error unless the user opts in.
    private func forbiddenFinding(_ verdict: NamespaceRestrictions.Verdict, workload: Workload, roleARN: String) -> Finding? {
        let namespace = workload.ref.namespace
        let severity: Finding.Severity = allowForbidden ? .warning : .error
        let outcome =
            allowForbidden
            ? "planned anyway (--allow-namespace-forbidden): moving grants access the workload does not have today"
            : "moving it would grant access it does not have today, so it is left out; fix the namespace annotation, or re-plan with --allow-namespace-forbidden if it should have the role"
        switch verdict {
        case .unrestricted, .permitted:
            return nil
        case .notPermitted(let rule), .noAnnotation(let rule):
            return Finding(
                severity, "namespace-does-not-permit-role", subject: workload.ref.description,
                "uses role \(roleARN), which namespace \(namespace) does not permit under \(rulesName) (\(rule)): \(outcome)")
        case .unreadable(let reason):
            return Finding(
                severity, "namespace-restriction-unreadable", subject: workload.ref.description,
                "namespace \(namespace): \(reason), so the agent permits no role there: \(outcome)")
        }
    }

    private var rulesName: String {
        switch rules.agent {
        case .kiam: return "kiam's rules (\(rules.source ?? "kiam"))"
        case .kube2iam: return "kube2iam --namespace-restrictions (\(rules.source ?? "kube2iam"))"
        case .unknown: return "the assumed kiam rules"
        }
    }

    /// A pod (or a CronJob's job) whose controller irsa-migrate does not switch gets its role
    /// through kiam: patching it does nothing lasting, and its owner is not in the plan.
    static func unknownControllerFinding(_ workload: Workload, owner: String, key: String) -> Finding {
        Finding(
            .error, "unknown-controller", subject: workload.ref.description,
            "is run by \(owner), which irsa-migrate does not switch (a kind it does not move, or an owner missing from the inventory), and gets its role through \(key): it is not moved and keeps the agent's trust in cleanup; in \(owner)'s pod template set serviceAccountName to a service account annotated with the role and remove \(key), then re-plan"
        )
    }

    static let assumedRulesFinding = Finding(
        .warning, "agent-not-detected", subject: "inventory",
        "no kiam or kube2iam DaemonSet or Deployment is in the inventory, so the strictest rules were assumed: a namespace without iam.amazonaws.com/permitted (or allowed-roles) permits no role; if the agent runs without namespace restrictions, re-plan with --allow-namespace-forbidden"
    )

    /// The role the workload gets through kiam, or the error finding that keeps it from moving.
    private func roleARN(of workload: Workload, annotation value: String) -> Result<String, Finding> {
        let subject = workload.ref.description
        if workload.template.annotations[Annotations.kiamExternalID] != nil {
            return .failure(
                Finding(
                    .error, "kiam-external-id-unsupported", subject: subject,
                    "uses \(Annotations.kiamExternalID), and AssumeRoleWithWebIdentity has no external id: it stays on kiam; to move it, remove the \(Annotations.kiamExternalID) annotation from its pod template once its role no longer requires sts:ExternalId, then re-plan"
                ))
        }
        switch resolver.resolve(value) {
        case .needsBaseARN:
            return .failure(
                Finding(
                    .error, "role-name-unresolved", subject: subject,
                    "names role \"\(value)\" without an ARN: re-plan with --role-base-arn arn:aws:iam::ACCOUNT:role/ (the kiam --role-base-arn or kube2iam --base-role-arn)"
                ))
        case .invalid(let text):
            return .failure(
                Finding(
                    .error, "role-annotation-invalid", subject: subject,
                    "has \(rules.roleKey)=\"\(text)\", which is not a role name or role ARN: fix the annotation, then re-plan"
                ))
        case .resolved(let arn) where roles[arn] == nil:
            return .failure(
                Finding(
                    .error, "role-not-found", subject: subject,
                    "uses role \(arn), which is not in the inventory: check the account (--profile) or the annotation, then re-plan"
                ))
        case .resolved(let arn):
            return .success(arn)
        }
    }
}
