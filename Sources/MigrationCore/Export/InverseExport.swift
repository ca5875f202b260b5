/// What undoes an owned step in its owner's source. Rollback does not patch a target a GitOps
/// tool or IaC owns (the owner's next sync would put the change back, since its source still
/// has it); it prints this file, or writes it with `--out`, for the reviewer to commit.
public struct InverseExport: Equatable, Sendable {
    /// The file to commit; nil when the undo is a deletion or needs no file.
    public var file: ExportFile?
    /// One line: what the file is and how it is used, or what to do without one.
    public var instruction: String

    /// `restoring` is, for a trust step, the role's live trust policy with the step undone
    /// (the other steps' inverses come from their payloads).
    public static func of(_ step: Step, restoring document: JSONValue?) -> InverseExport {
        let base = "rollback/step-\(step.position).\(step.action.rawValue)"
        let ref = step.target.objectRef
        switch step.payload {
        case .addTrustStatements, .removeTrustStatements:
            guard let document else {
                return InverseExport(
                    file: nil,
                    instruction:
                        "the trust policy could not be read: revert the commit that changed \(step.target)'s trust policy"
                )
            }
            return InverseExport(
                file: .json("\(base).trust-policy.json", document),
                instruction:
                    "the trust policy of \(step.target) without the step's change: commit it as the role's assume_role_policy (Terraform) or AssumeRolePolicyDocument (CloudFormation)"
            )
        case .switchWorkload(let change):
            guard let ref, ref.kind != .pod else { break }
            return InverseExport(
                file: .json("\(base).json", switchBack(ref, change)),
                instruction:
                    "a merge patch that switches \(ref) back (puts `\(change.annotationKey)` back\(change.serviceAccount.map { ", serviceAccountName \($0.from ?? "default")" } ?? "")): commit the same change in place of the cutover patch, or `kubectl patch --type merge --patch-file`"
            )
        case .annotateServiceAccount(let annotation):
            guard let ref else { break }
            let values = annotation.annotations.keys.sorted().map { key in
                JSONValue.Member(key, (annotation.previous[key] ?? nil).map(JSONValue.string) ?? .null)
            }
            let patch: JSONValue = .object([
                "metadata": .object([
                    "name": .string(ref.name), "namespace": .string(ref.namespace), "annotations": .object(values),
                ])
            ])
            return InverseExport(
                file: .json("\(base).json", patch),
                instruction:
                    "a merge patch that puts the annotations of ServiceAccount \(ref.namespace)/\(ref.name) back (null removes one): `kubectl patch --type merge --patch-file`, or drop the annotation patch from the source"
            )
        case .createServiceAccount:
            return InverseExport(
                file: nil,
                instruction:
                    "remove the ServiceAccount manifest of \(step.target) from the owner's source once no workload runs as it")
        case .removeNamespaceAnnotation(let removal):
            guard let ref else { break }
            let patch: JSONValue = .object([
                "metadata": .object(["name": .string(ref.name), "annotations": .stringMap(removal.previous)])
            ])
            return InverseExport(
                file: .json("\(base).json", patch),
                instruction:
                    "a merge patch that puts the kiam annotations of namespace \(ref.name) back: `kubectl patch --type merge --patch-file`"
            )
        default:
            break
        }
        return InverseExport(file: nil, instruction: "revert the commit that made this change in the owner's source")
    }

    /// A merge patch (it works whether or not the template still has an annotations map)
    /// that restores the kiam annotation, when the switch removed one, and the service
    /// account name (null: the default one).
    static func switchBack(_ ref: ObjectRef, _ change: WorkloadSwitch) -> JSONValue {
        var template: [JSONValue.Member] = []
        if let previous = change.previousKiamRole {
            template.append(
                .init("metadata", .object(["annotations": .object([.init(change.annotationKey, .string(previous))])])))
        }
        if let account = change.serviceAccount {
            template.append(.init("spec", .object(["serviceAccountName": .optionalString(account.from)])))
        }
        let path = KubernetesExport.templatePath(ref).split(separator: "/").map(String.init)
        return path.reversed().reduce(JSONValue.object(template)) { inner, key in .object([.init(key, inner)]) }
    }
}
