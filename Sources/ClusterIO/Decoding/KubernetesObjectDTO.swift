/// Narrow `Decodable` shapes of the Kubernetes objects the planner reads.
///
/// Only the fields listed here are materialised; `managedFields`, `status` and the rest of a
/// 25 MB list are skipped by `JSONDecoder`, which is what makes fleet-size inventories fast.
/// One shape serves every kind: each field is optional and only some kinds carry it.
struct KubernetesListDTO: Decodable {
    var apiVersion: String?
    var kind: String?
    var items: [KubernetesObjectDTO]?
}

struct KubernetesObjectDTO: Decodable {
    var kind: String?
    var metadata: ObjectMetaDTO?
    var spec: SpecDTO?
    /// ServiceAccount only: copied to dedicated accounts so their pods still pull images.
    var imagePullSecrets: [LocalObjectReferenceDTO]?
}

struct LocalObjectReferenceDTO: Decodable {
    var name: String?
}

struct ObjectMetaDTO: Decodable {
    var name: String?
    var namespace: String?
    var labels: [String: String]?
    var annotations: [String: String]?
    var ownerReferences: [OwnerReferenceDTO]?
}

struct OwnerReferenceDTO: Decodable {
    var kind: String?
    var name: String?
    var controller: Bool?
}

/// The union of the workload specs we read: a pod spec (Pod), a spec with `template`
/// (Deployment, StatefulSet, DaemonSet, Job) or with `jobTemplate` (CronJob).
struct SpecDTO: Decodable {
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

struct UpdateStrategyDTO: Decodable {
    var type: String?
}

struct JobTemplateDTO: Decodable {
    var spec: JobSpecDTO?
}

struct JobSpecDTO: Decodable {
    var template: PodTemplateDTO?
}

struct PodTemplateDTO: Decodable {
    var metadata: ObjectMetaDTO?
    var spec: PodSpecDTO?
}

struct PodSpecDTO: Decodable {
    var serviceAccountName: String?
    var serviceAccount: String?
    var hostNetwork: Bool?
    var containers: [ContainerDTO]?
    var initContainers: [ContainerDTO]?
}

struct ContainerDTO: Decodable {
    var name: String?
    var env: [EnvVarDTO]?
    var image: String?
    var command: [String]?
    var args: [String]?
    var envFrom: [EnvFromSourceDTO]?
}

struct EnvFromSourceDTO: Decodable {
    var secretRef: LocalObjectReferenceDTO?
    var configMapRef: LocalObjectReferenceDTO?

    /// `secret/NAME` or `configmap/NAME`.
    var reference: String? {
        secretRef?.name.map { "secret/\($0)" } ?? configMapRef?.name.map { "configmap/\($0)" }
    }
}

struct EnvVarDTO: Decodable {
    var name: String?
}
