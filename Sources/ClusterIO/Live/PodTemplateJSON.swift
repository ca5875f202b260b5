import MigrationCore

/// A workload's pod template inside its JSON, and the RFC 6902 patch that changes its
/// identity (service account and kiam annotation) in one write.
struct PodTemplateJSON {
    /// JSON pointer of the template: `/spec/template`, or `/spec/jobTemplate/spec/template`.
    let pointer: String
    let template: JSONValue?
    let resourceVersion: String?

    init(_ object: JSONValue, kind: ObjectRef.Kind) {
        switch kind {
        case .cronjob:
            pointer = "/spec/jobTemplate/spec/template"
            template = object["spec"]?["jobTemplate"]?["spec"]?["template"]
        case .pod:
            pointer = ""
            template = object
        default:
            pointer = "/spec/template"
            template = object["spec"]?["template"]
        }
        resourceVersion = object["metadata"]?["resourceVersion"]?.stringValue
    }

    var annotations: [String: String] { template?["metadata"]?["annotations"]?.stringMap ?? [:] }

    var identity: PodIdentity { identity(roleKey: Annotations.kiamRole) }

    func identity(roleKey: String) -> PodIdentity {
        let spec = template?["spec"]
        let account = spec?["serviceAccountName"]?.stringValue ?? spec?["serviceAccount"]?.stringValue
        return PodIdentity(serviceAccountName: account, kiamRole: annotations[roleKey], roleKey: roleKey)
    }

    /// `test` of the resourceVersion first, so the patch fails (422) if the object changed
    /// after it was read, then the changes from the current identity to `desired`.
    func patch(to desired: PodIdentity) -> [JSONValue] {
        var operations: [JSONValue] = []
        if let resourceVersion {
            operations.append(JSONPatch.operation("test", "/metadata/resourceVersion", .string(resourceVersion)))
        }
        let current = identity(roleKey: desired.roleKey)
        let spec = template?["spec"]
        if desired.serviceAccountName != current.serviceAccountName {
            if let name = desired.serviceAccountName {
                operations.append(JSONPatch.operation("add", pointer + "/spec/serviceAccountName", .string(name)))
            } else if spec?["serviceAccountName"] != nil {
                operations.append(JSONPatch.operation("remove", pointer + "/spec/serviceAccountName"))
            }
            // The deprecated alias would otherwise keep naming the old account.
            if spec?["serviceAccount"] != nil {
                operations.append(JSONPatch.operation("remove", pointer + "/spec/serviceAccount"))
            }
        }
        let annotationPath = pointer + "/metadata/annotations/" + JSONPatch.escaped(desired.roleKey)
        if desired.kiamRole != current.kiamRole {
            if let role = desired.kiamRole {
                if template?["metadata"]?["annotations"] == nil {
                    if template?["metadata"] == nil {
                        operations.append(JSONPatch.operation("add", pointer + "/metadata", .object([:])))
                    }
                    operations.append(JSONPatch.operation("add", pointer + "/metadata/annotations", .object([:])))
                }
                operations.append(JSONPatch.operation("add", annotationPath, .string(role)))
            } else {
                operations.append(JSONPatch.operation("remove", annotationPath))
            }
        }
        return operations
    }
}
