/// Kubernetes documents as JSON values, keys in the order people write them.
enum KubernetesManifests {
    static func serviceAccount(_ ref: ObjectRef, _ creation: ServiceAccountCreation) -> JSONValue {
        var metadata: [JSONValue.Member] = [.init("name", .string(ref.name)), .init("namespace", .string(ref.namespace))]
        if !creation.labels.isEmpty { metadata.append(.init("labels", .stringMap(creation.labels))) }
        if !creation.annotations.isEmpty { metadata.append(.init("annotations", .stringMap(creation.annotations))) }
        var members: [JSONValue.Member] = [
            .init("apiVersion", .string("v1")), .init("kind", .string("ServiceAccount")), .init("metadata", .object(metadata)),
        ]
        if !creation.imagePullSecrets.isEmpty {
            members.append(.init("imagePullSecrets", .array(creation.imagePullSecrets.map { .object(["name": .string($0)]) })))
        }
        return .object(members)
    }

    static func annotationPatch(_ ref: ObjectRef, _ annotations: [String: String]) -> JSONValue {
        .object([
            "apiVersion": .string("v1"), "kind": .string("ServiceAccount"),
            "metadata": .object([
                "name": .string(ref.name), "namespace": .string(ref.namespace), "annotations": .stringMap(annotations),
            ]),
        ])
    }

    /// A kustomization patch's `target`.
    static func kustomizeTarget(_ ref: ObjectRef) -> JSONValue {
        let (group, kind): (String, String) =
            switch ref.kind {
            case .deployment: ("apps", "Deployment")
            case .statefulset: ("apps", "StatefulSet")
            case .daemonset: ("apps", "DaemonSet")
            case .cronjob: ("batch", "CronJob")
            case .job: ("batch", "Job")
            case .pod: ("", "Pod")
            case .serviceaccount: ("", "ServiceAccount")
            case .namespace: ("", "Namespace")
            }
        var members: [JSONValue.Member] = []
        if !group.isEmpty { members.append(.init("group", .string(group))) }
        members += [.init("version", .string("v1")), .init("kind", .string(kind)), .init("name", .string(ref.name))]
        if !ref.namespace.isEmpty { members.append(.init("namespace", .string(ref.namespace))) }
        return .object(members)
    }
}
