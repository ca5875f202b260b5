import MigrationCore

/// Narrow `Decodable` shapes of the Kubernetes objects the planner reads.
///
/// Only the fields listed here are built; `managedFields`, `status` and the rest of a 25 MB
/// list are read as JSON and skipped (`members`), which is what makes fleet-size
/// inventories fast. One shape serves every kind: each field is optional and only some
/// kinds carry it.
struct KubernetesListDTO: Decodable, Equatable, Sendable {
    var apiVersion: String?
    var kind: String?
    var items: [KubernetesObjectDTO]?

    /// Every member name the shapes below read, at any depth; labels and annotations whole.
    static let members = JSONKeyFilter(
        kept: [
            "apiVersion", "kind", "items", "metadata", "name", "namespace", "ownerReferences", "controller", "spec",
            "imagePullSecrets", "template", "jobTemplate", "serviceAccountName", "serviceAccount", "hostNetwork",
            "containers", "initContainers", "paused", "updateStrategy", "type", "env", "image", "command", "args",
            "envFrom", "secretRef", "configMapRef",
        ],
        keptWhole: ["labels", "annotations"])
}

struct KubernetesObjectDTO: Decodable, Equatable, Sendable {
    var kind: String?
    var metadata: ObjectMetaDTO?
    var spec: SpecDTO?
    /// ServiceAccount only: copied to dedicated accounts so their pods still pull images.
    var imagePullSecrets: [LocalObjectReferenceDTO]?
}

struct LocalObjectReferenceDTO: Decodable, Equatable, Sendable {
    var name: String?
}

struct ObjectMetaDTO: Decodable, Equatable, Sendable {
    var name: String?
    var namespace: String?
    var labels: [String: String]?
    var annotations: [String: String]?
    var ownerReferences: [OwnerReferenceDTO]?
}

struct OwnerReferenceDTO: Decodable, Equatable, Sendable {
    var kind: String?
    var name: String?
    var controller: Bool?
}

/// The union of the workload specs we read: a pod spec (Pod), a spec with `template`
/// (Deployment, StatefulSet, DaemonSet, Job) or with `jobTemplate` (CronJob).
struct SpecDTO: Decodable, Equatable, Sendable {
    var template: PodTemplateDTO?
    var jobTemplate: JobTemplateDTO?
    var serviceAccountName: String?
    /// Deprecated alias of `serviceAccountName`, still accepted by the API server.
    var serviceAccount: String?
    var hostNetwork: Bool?
    var containers: [ContainerDTO]?
    var initContainers: [ContainerDTO]?
    /// Deployment: a paused rollout never applies a template change.
    var paused: Bool?
    /// StatefulSet and DaemonSet: `OnDelete` replaces pods only when someone deletes them.
    var updateStrategy: UpdateStrategyDTO?
}

struct UpdateStrategyDTO: Decodable, Equatable, Sendable {
    var type: String?
}

struct JobTemplateDTO: Decodable, Equatable, Sendable {
    var spec: JobSpecDTO?
}

struct JobSpecDTO: Decodable, Equatable, Sendable {
    var template: PodTemplateDTO?
}

struct PodTemplateDTO: Decodable, Equatable, Sendable {
    var metadata: ObjectMetaDTO?
    var spec: PodSpecDTO?
}

struct PodSpecDTO: Decodable, Equatable, Sendable {
    var serviceAccountName: String?
    var serviceAccount: String?
    var hostNetwork: Bool?
    var containers: [ContainerDTO]?
    var initContainers: [ContainerDTO]?
}

struct ContainerDTO: Decodable, Equatable, Sendable {
    var name: String?
    var env: [EnvVarDTO]?
    var image: String?
    var command: [String]?
    var args: [String]?
    var envFrom: [EnvFromSourceDTO]?
}

struct EnvFromSourceDTO: Decodable, Equatable, Sendable {
    var secretRef: LocalObjectReferenceDTO?
    var configMapRef: LocalObjectReferenceDTO?

    /// `secret/NAME` or `configmap/NAME`.
    var reference: String? {
        secretRef?.name.map { "secret/\($0)" } ?? configMapRef?.name.map { "configmap/\($0)" }
    }
}

struct EnvVarDTO: Decodable, Equatable, Sendable {
    var name: String?
}
