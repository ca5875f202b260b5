/// The writes and reads `apply` and `rollback` make, and nothing else: one method per
/// operation a step needs, so the permissions the docs list map onto it one to one.
/// The live implementation (kubectl and aws) is in ClusterIO; tests use an in-memory one.
///
/// Reads return nil for an object that does not exist. Writes are "ensure" operations the
/// executor may repeat after a crash.
public protocol TargetGateway: RoleGateway {
    /// The role's trust policy as JSON text (URL-decoded); nil when the role does not exist.
    func trustPolicy(role arn: String) async throws -> String?
    func setTrustPolicy(role arn: String, document: String) async throws

    /// The provider with its url and client ids as IAM reports them.
    func oidcProvider(arn: String) async throws -> OIDCProvider?
    /// Creates the provider `arn` names (its account and issuer) with the given client ids.
    func createOIDCProvider(arn: String, url: String, clientIDs: [String]) async throws
    func addClientID(_ clientID: String, toProvider arn: String) async throws
    func deleteOIDCProvider(arn: String) async throws

    func serviceAccount(_ ref: ObjectRef) async throws -> ServiceAccount?
    func createServiceAccount(_ account: ServiceAccount) async throws
    /// Sets each annotation to its value; a nil value removes the annotation.
    func annotateServiceAccount(_ ref: ObjectRef, _ annotations: [String: String?]) async throws
    func deleteServiceAccount(_ ref: ObjectRef) async throws
    /// Workloads (and bare pods) in the cluster whose pods run as the service account now.
    func workloadsUsing(serviceAccount ref: ObjectRef) async throws -> [ObjectRef]

    /// The identity parts of a workload's pod template, its role read from the annotation
    /// `roleKey`; nil when the workload does not exist.
    func podIdentity(_ workload: ObjectRef, roleKey: String) async throws -> PodIdentity?
    /// One patch of the pod template, refused (`GatewayError.conflict`) unless it still is
    /// `expected`, so a change made since it was read is never overwritten.
    func patchPodIdentity(_ workload: ObjectRef, expected: PodIdentity, desired: PodIdentity) async throws

    /// A namespace's annotations; nil when the namespace does not exist.
    func namespaceAnnotations(_ name: String) async throws -> [String: String]?
    /// Sets each annotation to its value; a nil value removes the annotation.
    func annotateNamespace(_ name: String, _ annotations: [String: String?]) async throws
}

/// Errors a gateway reports that the executor treats specially.
public enum GatewayError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A precondition of the write no longer held (someone changed the object).
    case conflict(target: String, detail: String)
    case notFound(target: String)

    public var description: String {
        switch self {
        case .conflict(let target, let detail): "\(target) changed while it was being written (\(detail))"
        case .notFound(let target): "\(target) does not exist"
        }
    }
}
