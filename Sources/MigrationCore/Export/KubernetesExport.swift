/// Files for objects a GitOps tool or Helm owns: service account manifests, JSON 6902 patches
/// (for `kubectl patch --type json` and a kustomization's `patches:`), Helm values, and the
/// kustomization lines that pull them in. Each says exactly what `apply` would have patched.
enum KubernetesExport {
    static func add(_ step: Step, plan: Plan, to group: inout OwnerExport) {
        guard let ref = step.target.objectRef else { return }
        let folder = group.owner.folder
        let base = "\(ref.namespace.isEmpty ? "" : ref.namespace + ".")\(ref.name)"
        switch step.payload {
        case .createServiceAccount(let creation):
            let path = "serviceaccounts/\(base).yaml"
            group.add(
                .json("\(folder)/\(path)", KubernetesManifests.serviceAccount(ref, creation)), phase: .prepare,
                "the new ServiceAccount \(ref.namespace)/\(ref.name) (`kubectl apply -f`; a kustomization's `resources:`)")
            group.kustomizeResources.append(path)
        case .annotateServiceAccount(let annotation):
            let path = "patches/serviceaccount.\(base).yaml"
            group.add(
                .json("\(folder)/\(path)", KubernetesManifests.annotationPatch(ref, annotation.annotations)), phase: .prepare,
                "annotations for the ServiceAccount \(ref.namespace)/\(ref.name) (a strategic-merge patch: `kubectl patch --type merge --patch-file`)"
            )
            group.kustomizePatches.append((path, ref))
        case .switchWorkload(let change):
            addSwitch(ref, change, base: base, plan: plan, to: &group)
        case .restartWorkload(let restart):
            let path = "patches/\(ref.kind.rawValue).\(base).json"
            let operations = [
                JSONPatch.operation(
                    "add", templatePath(ref) + "/metadata/annotations/" + JSONPatch.escaped(WorkloadRestart.annotation),
                    .string(restart.restartedAt))
            ]
            group.add(
                .json("\(folder)/\(path)", .array(operations)), phase: .cutover,
                "restarts \(ref) so its pods pick up the annotated service account (`kubectl patch --type json --patch-file`)")
            group.kustomizePatches.append((path, ref))
        case .removeNamespaceAnnotation(let removal):
            let path = "patches/namespace.\(ref.name).json"
            let operations = removal.keys.map {
                JSONPatch.operation("remove", "/metadata/annotations/" + JSONPatch.escaped($0))
            }
            group.add(
                .json("\(folder)/\(path)", .array(operations)), phase: .cleanup,
                "removes the kiam restriction annotations of namespace \(ref.name) (`kubectl patch --type json --patch-file`)")
            group.kustomizePatches.append((path, ref))
        default:
            return
        }
    }

    private static func addSwitch(
        _ ref: ObjectRef, _ change: WorkloadSwitch, base: String, plan: Plan, to group: inout OwnerExport
    ) {
        let folder = group.owner.folder
        guard ref.kind != .pod else {
            group.entries[.cutover, default: []].append(
                "`\(ref)`: a bare pod cannot be patched: change its manifest the same way (\(describe(change, remove: "remove the `\(change.annotationKey)` annotation", set: { "set `serviceAccountName: \($0)`" }))) and re-create it"
            )
            return
        }
        let path = "patches/\(ref.kind.rawValue).\(base).json"
        group.add(
            .json("\(folder)/\(path)", .array(switchOperations(ref, change))), phase: .cutover,
            "switches \(ref) to IRSA: \(describe(change, remove: "removes `\(change.annotationKey)`", set: { "sets serviceAccountName \($0)" })) (`kubectl patch --type json --patch-file`; a kustomization's `patches:`)"
        )
        group.kustomizePatches.append((path, ref))
        guard group.owner.rendersWithHelm else { return }
        let valuesPath = "helm-values/\(ref.kind.rawValue).\(base).yaml"
        group.add(
            .json("\(folder)/\(valuesPath)", HelmValues.values(for: ref, change, plan: plan)), phase: .cutover,
            "the same change as the values a typical chart takes (serviceAccount.create/name/annotations, podAnnotations); charts differ: check the chart's own values.yaml"
        )
    }

    /// What the switch changes in the pod template, for the export's notes: the annotation
    /// removal only when there is a kiam annotation (instance-role switches have none).
    private static func describe(_ change: WorkloadSwitch, remove: String, set: (String) -> String) -> String {
        var parts: [String] = []
        if change.previousKiamRole != nil { parts.append(remove) }
        if let account = change.serviceAccount { parts.append(set(account.to)) }
        return parts.joined(separator: ", ")
    }

    /// A `test` of the annotation's planned value first: if someone changed it since, the patch
    /// fails instead of removing a value nobody reviewed.
    static func switchOperations(_ ref: ObjectRef, _ change: WorkloadSwitch) -> [JSONValue] {
        let template = templatePath(ref)
        let annotation = template + "/metadata/annotations/" + JSONPatch.escaped(change.annotationKey)
        var operations: [JSONValue] = []
        if let previous = change.previousKiamRole {
            operations += [
                JSONPatch.operation("test", annotation, .string(previous)),
                JSONPatch.operation("remove", annotation),
            ]
        }
        if let account = change.serviceAccount {
            operations.append(JSONPatch.operation("add", template + "/spec/serviceAccountName", .string(account.to)))
        }
        return operations
    }

    /// The pod template inside the workload object.
    static func templatePath(_ ref: ObjectRef) -> String {
        switch ref.kind {
        case .cronjob: "/spec/jobTemplate/spec/template"
        case .pod: ""
        default: "/spec/template"
        }
    }

    static let snippet = "kustomization-snippet.yaml"

    /// `kustomization-snippet.yaml`: the lines to merge into the owner's kustomization.yaml.
    static func addKustomization(to group: inout OwnerExport) {
        guard group.owner.ownsKubernetesObjects, !(group.kustomizeResources.isEmpty && group.kustomizePatches.isEmpty)
        else { return }
        var members: [JSONValue.Member] = []
        if !group.kustomizeResources.isEmpty { members.append(.init("resources", .strings(group.kustomizeResources))) }
        if !group.kustomizePatches.isEmpty {
            members.append(
                .init(
                    "patches",
                    .array(
                        group.kustomizePatches.map {
                            .object(["path": .string($0.path), "target": KubernetesManifests.kustomizeTarget($0.target)])
                        })))
        }
        group.files.append(.json("\(group.owner.folder)/\(snippet)", .object(members)))
    }
}
