/// Workloads that still get their role through kiam / kube2iam, whose kiam role is broken, or
/// that carry static AWS keys.
struct WorkloadChecks {
    let estate: AuditedEstate
    let lookup: KiamRoleLookup

    func findings() -> [AuditFinding] {
        estate.inventory.workloads.sorted { $0.ref < $1.ref }.flatMap { workload in
            kiamFindings(workload) + staticKeyFindings(workload)
        }
    }

    private func kiamFindings(_ workload: Workload) -> [AuditFinding] {
        guard let value = workload.template.annotations[Annotations.kiamRole] else { return [] }
        let subject = workload.ref.description
        let present = { (role: String) in
            AuditFinding(
                .info, "kiam-annotation-present", subject: subject,
                "still uses kiam/kube2iam for \(role): move it with irsa-migrate plan kiam-to-irsa"
            )
        }
        switch lookup.resolve(value) {
        case .invalid(let text):
            return [
                AuditFinding(
                    .error, "role-annotation-invalid", subject: subject,
                    "has \(Annotations.kiamRole)=\"\(text)\", which is not a role name or role ARN: kiam gives its pods no credentials; fix the annotation"
                )
            ]
        case .unresolved(let name):
            return [
                present("role \"\(name)\""),
                AuditFinding(
                    .warning, "role-name-unresolved", subject: subject,
                    "names role \"\(name)\", and no role of that name exists in the inventory's accounts (\(estate.accounts.sorted().joined(separator: ", "))): if kiam's base ARN is one of them, the role is missing and the pods get no credentials; pass --role-base-arn (and --profile for its account) to check"
                ),
            ]
        case .ambiguous(let arns):
            return [present("one of \(arns.joined(separator: ", ")) (pass --role-base-arn to say which)")]
        case .role(let arn):
            let account = ARN(arn)?.account ?? ""
            guard estate.role(arn) == nil, estate.accounts.contains(account) else { return [present(arn)] }
            return [
                present(arn),
                AuditFinding(
                    .error, "role-not-found", subject: subject,
                    "uses role \(arn), which does not exist in account \(account): kiam cannot assume it, so its pods get no AWS credentials today; create the role or fix the annotation"
                ),
            ]
        }
    }

    private func staticKeyFindings(_ workload: Workload) -> [AuditFinding] {
        let containers = workload.template.containers.filter { $0.envNames.contains("AWS_ACCESS_KEY_ID") }
        guard !containers.isEmpty else { return [] }
        return [
            AuditFinding(
                .warning, "static-aws-credentials-in-env", subject: workload.ref.description,
                "container \(containers.map(\.name).joined(separator: ", ")) sets AWS_ACCESS_KEY_ID: long-lived keys live in the pod spec or a Secret, and SDKs prefer them over web identity; give the workload a role (IRSA) and delete the keys"
            )
        ]
    }
}
