/// A top-level workload: a Deployment, StatefulSet, DaemonSet, CronJob (its job template),
/// a Job not owned by a CronJob, or a Pod not owned by anything.
public struct Workload: Sendable, Equatable {
    public var ref: ObjectRef
    /// The workload object's own metadata (Helm / Argo CD / Flux markers live here).
    public var labels: [String: String]
    public var annotations: [String: String]
    public var template: PodTemplate
    /// Deployment `spec.paused`: a template change does not roll out.
    public var rolloutPaused = false
    /// StatefulSet / DaemonSet `spec.updateStrategy.type` (`OnDelete`, `RollingUpdate`), nil when unset.
    public var updateStrategy: String?
    /// For a pod run by a controller irsa-migrate does not know (an Argo Rollout, an operator's
    /// custom resource): its owner, `KIND/NAME`. Nil for every other workload.
    public var unknownController: String?

    public init(ref: ObjectRef, labels: [String: String] = [:], annotations: [String: String] = [:], template: PodTemplate) {
        self.ref = ref
        self.labels = labels
        self.annotations = annotations
        self.template = template
    }
}

/// The parts of a pod template (or of a bare pod) the planner reads.
public struct PodTemplate: Sendable, Equatable {
    public var labels: [String: String]
    public var annotations: [String: String]
    /// Nil or empty means the `default` service account.
    public var serviceAccountName: String?
    public var hostNetwork: Bool
    /// Containers and init containers.
    public var containers: [Container]

    public init(
        labels: [String: String] = [:], annotations: [String: String] = [:], serviceAccountName: String? = nil,
        hostNetwork: Bool = false, containers: [Container] = []
    ) {
        self.labels = labels
        self.annotations = annotations
        self.serviceAccountName = serviceAccountName
        self.hostNetwork = hostNetwork
        self.containers = containers
    }

    /// The service account pods of this template run as.
    public var effectiveServiceAccount: String {
        guard let name = serviceAccountName, !name.isEmpty else { return "default" }
        return name
    }
}

public struct Container: Sendable, Equatable {
    public var name: String
    /// Names of environment variables the container sets itself (`env[].name`).
    public var envNames: [String]
    /// The image reference, as written.
    public var image: String
    /// `command` then `args`: how a kiam or kube2iam agent was started (its flags).
    public var arguments: [String]
    /// `envFrom` sources (`secret/NAME`, `configmap/NAME`), which may set any variable.
    public var envFrom: [String]

    public init(name: String, envNames: [String] = [], image: String = "", arguments: [String] = [], envFrom: [String] = []) {
        self.name = name
        self.envNames = envNames
        self.image = image
        self.arguments = arguments
        self.envFrom = envFrom
    }
}
