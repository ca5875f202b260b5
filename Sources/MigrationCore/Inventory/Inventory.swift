/// Everything the planners read about one cluster and its AWS accounts, from a snapshot
/// or from the live clients. Values only: readers live in ClusterIO.
public struct Inventory: Sendable, Equatable {
    public var namespaces: [Namespace]
    public var serviceAccounts: [ServiceAccount]
    public var workloads: [Workload]
    public var roles: [IAMRole]
    /// Nil when the source did not list providers (the optional snapshot file is missing):
    /// the planner then ensures providers instead of assuming they exist.
    public var oidcProviders: [OIDCProvider]?

    public init(
        namespaces: [Namespace] = [], serviceAccounts: [ServiceAccount] = [], workloads: [Workload] = [],
        roles: [IAMRole] = [], oidcProviders: [OIDCProvider]? = nil
    ) {
        self.namespaces = namespaces
        self.serviceAccounts = serviceAccounts
        self.workloads = workloads
        self.roles = roles
        self.oidcProviders = oidcProviders
    }
}

public struct Namespace: Sendable, Equatable {
    public var name: String
    public var labels: [String: String]
    public var annotations: [String: String]

    public init(name: String, labels: [String: String] = [:], annotations: [String: String] = [:]) {
        self.name = name
        self.labels = labels
        self.annotations = annotations
    }
}

public struct ServiceAccount: Sendable, Equatable {
    public var namespace: String
    public var name: String
    public var labels: [String: String]
    public var annotations: [String: String]
    /// Copied to dedicated service accounts so their pods can still pull their images.
    public var imagePullSecrets: [String]

    public init(
        namespace: String, name: String, labels: [String: String] = [:], annotations: [String: String] = [:],
        imagePullSecrets: [String] = []
    ) {
        self.namespace = namespace
        self.name = name
        self.labels = labels
        self.annotations = annotations
        self.imagePullSecrets = imagePullSecrets
    }

    public var ref: ObjectRef { .serviceAccount(namespace, name) }
}

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

public struct IAMRole: Sendable, Equatable {
    public var arn: String
    public var name: String
    public var path: String
    /// The trust policy as JSON text (already URL-decoded), or nil when the source had none.
    public var trustPolicyText: String?

    public init(arn: String, name: String, path: String = "/", trustPolicyText: String?) {
        self.arn = arn
        self.name = name
        self.path = path
        self.trustPolicyText = trustPolicyText
    }
}

public struct OIDCProvider: Sendable, Equatable {
    public var arn: String
    /// The issuer without `https://`, when the source had it.
    public var url: String?
    public var clientIDs: [String]?

    public init(arn: String, url: String? = nil, clientIDs: [String]? = nil) {
        self.arn = arn
        self.url = url
        self.clientIDs = clientIDs
    }
}
