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
    /// Roles with their permissions and customer managed policies, for `plan instance-role`;
    /// nil when the source did not hold them (the other plans never need them).
    public var authorizationDetails: AuthorizationDetails?

    public init(
        namespaces: [Namespace] = [], serviceAccounts: [ServiceAccount] = [], workloads: [Workload] = [],
        roles: [IAMRole] = [], oidcProviders: [OIDCProvider]? = nil,
        authorizationDetails: AuthorizationDetails? = nil
    ) {
        self.authorizationDetails = authorizationDetails
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
