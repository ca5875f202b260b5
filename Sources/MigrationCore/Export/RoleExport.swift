/// Files for roles that Terraform, CloudFormation or a team's tool owns: the trust policy
/// after each phase that changes it (the document `assume_role_policy` or
/// `AssumeRolePolicyDocument` takes), and for created roles their definition and policies.
enum RoleExport {
    static func add(_ step: Step, plan: Plan, to group: inout OwnerExport) {
        guard case .arn(let arn) = step.target else { return }
        let roleName = Owner.pathSafe(arn.roleName ?? arn.description)
        let folder = "\(group.owner.folder)/roles/\(roleName)"
        switch step.payload {
        case .addTrustStatements, .removeTrustStatements:
            let path = "\(folder)/trust-after-\(step.phase.rawValue).json"
            guard !group.files.contains(where: { $0.path == path }),
                let document = TrustPhases.document(of: arn.description, after: step.phase, plan: plan)
            else { return }
            group.add(
                .json(path, document), phase: step.phase,
                "the whole trust policy of \(arn) after \(step.phase.rawValue) (Terraform `assume_role_policy`, CloudFormation `AssumeRolePolicyDocument`)"
            )
        case .createRole(let creation):
            group.add(
                .json(
                    "\(folder)/create-role.json",
                    .object([
                        "RoleName": .string(arn.roleName ?? ""), "Path": .string(creation.path),
                        "AssumeRolePolicyDocument": creation.trustPolicy, "Tags": .stringMap(creation.tags),
                        "PermissionsBoundary": creation.permissionsBoundary.map(JSONValue.string) ?? .null,
                    ])), phase: step.phase, "the new role \(arn): trust policy, path, tags")
        case .attachRolePolicy(let attachment), .detachRolePolicy(let attachment):
            let verb = step.action == .attachRolePolicy ? "attach" : "detach"
            group.add(
                .json("\(folder)/\(step.phase.rawValue)-\(verb)-policies.json", .strings(attachment.policyARNs)),
                phase: step.phase, "managed policies to \(verb) on \(arn)")
        case .putRolePolicy(let put):
            group.add(
                .json(
                    "\(folder)/\(step.phase.rawValue)-inline-policies.json",
                    .object(put.policies.sorted { $0.key < $1.key }.map { .init($0.key, $0.value) })),
                phase: step.phase, "inline policies to put on \(arn), by name")
        case .deleteRolePolicy(let deletion):
            group.add(
                .json("\(folder)/\(step.phase.rawValue)-delete-inline-policies.json", .strings(deletion.previous.keys.sorted())),
                phase: step.phase, "inline policies to delete from \(arn)")
        default:
            return
        }
    }
}

/// A role's trust policy after each phase: the planned "before" with every trust step of
/// that role up to the phase applied, the same structural edit `apply` makes.
enum TrustPhases {
    static func document(of arn: String, after phase: Phase, plan: Plan) -> JSONValue? {
        guard let before = plan.roles.first(where: { $0.arn == arn })?.before,
            var policy = try? TrustPolicy(json: before)
        else { return nil }
        for step in plan.steps where step.target.description == arn && step.phase <= phase {
            switch step.payload {
            case .addTrustStatements(let edit), .removeTrustStatements(let edit):
                guard let change = try? TrustChange(edit, step: step) else { return nil }
                policy = change.applied(to: policy)
            default:
                continue
            }
        }
        return policy.json
    }
}
