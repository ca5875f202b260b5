/// Finds the workloads that get a role through kiam / kube2iam and sorts them into those
/// that can move and findings for those that cannot.
struct KiamWorkloadReader {
    let resolver: RoleResolver
    let roles: [String: IAMRole]
    let namespaces: [String: Namespace]

    func read(_ workloads: [Workload]) -> (movable: [KiamWorkload], findings: [Finding], blocked: Int) {
        var movable: [KiamWorkload] = []
        var findings: [Finding] = []
        var blocked = 0
        var restrictions = NamespaceRestrictions(resolver: resolver)
        for workload in workloads.sorted(by: { $0.ref < $1.ref }) {
            guard let value = workload.template.annotations[Annotations.kiamRole] else { continue }
            let subject = workload.ref.description
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
            switch restrictions.verdict(for: arn, in: namespaces[workload.ref.namespace]) {
            case .unrestricted, .permitted:
                break
            case .notPermitted(let rule):
                findings.append(
                    Finding(
                        .warning, "namespace-does-not-permit-role", subject: subject,
                        "uses role \(arn), which namespace \(workload.ref.namespace) does not permit (\(rule)): kiam/kube2iam refuse it today, so moving grants access the workload did not have; confirm it should"
                    ))
            case .unreadable(let reason):
                findings.append(
                    Finding(.warning, "namespace-restriction-unreadable", subject: "namespace/\(workload.ref.namespace)", reason))
            }
            movable.append(KiamWorkload(workload: workload, roleARN: arn, annotationValue: value))
        }
        return (movable, findings, blocked)
    }

    /// The role the workload gets through kiam, or the error finding that keeps it from moving.
    private func roleARN(of workload: Workload, annotation value: String) -> Result<String, Finding> {
        let subject = workload.ref.description
        if workload.template.annotations[Annotations.kiamExternalID] != nil {
            return .failure(
                Finding(
                    .error, "kiam-external-id-unsupported", subject: subject,
                    "uses \(Annotations.kiamExternalID), and AssumeRoleWithWebIdentity has no external id: drop the ExternalId condition from the role (or keep this workload on kiam), then re-plan"
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
                    "has \(Annotations.kiamRole)=\"\(text)\", which is not a role name or role ARN: fix the annotation, then re-plan"
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
