import MigrationCore

/// An in-memory cluster and AWS account for executor tests: roles, OIDC providers, service
/// accounts, workloads and namespaces, with counters and fault injection.
public actor InMemoryGateway: TargetGateway {
    public var roles: [String: String] = [:]
    public var providers: [String: OIDCProvider] = [:]
    public var serviceAccounts: [ObjectRef: ServiceAccount] = [:]
    public var workloads: [ObjectRef: PodIdentity] = [:]
    public var namespaces: [String: [String: String]] = [:]
    /// Role permissions beyond the trust in `roles`, by role ARN.
    public var roleTags: [String: [String: String]] = [:]
    public var attachedPolicies: [String: [String]] = [:]
    public var inlinePolicies: [String: [String: String]] = [:]
    /// Pod-template annotations other than the role annotation (a restart's), by workload.
    public var templateAnnotations: [ObjectRef: [String: String]] = [:]
    /// Writes made, in order, as `OPERATION TARGET`.
    public private(set) var writes: [String] = []
    public private(set) var maxInFlight = 0
    private var inFlight = 0
    /// Each call waits this long, so concurrent steps overlap.
    public var delayNanoseconds: UInt64 = 0
    /// Writes to these targets fail before anything is written.
    public var failingTargets: Set<String> = []
    /// The next write to this target is made, then the call throws `CancellationError`, as
    /// if the process died between the write and the journal's `applied`.
    public var crashAfterWriteTo: String?
    /// The next N writes to a target answer `GatewayError.conflict` and write nothing (a 409).
    public var conflicts: [String: Int] = [:]
    /// Someone else's trust document for a role, put in place right after the next read of
    /// that role's trust (between the executor's read and its write).
    public var raceAfterRead: [String: String] = [:]
    /// Someone else's edit of a role's trust, made right after the next write: it turns the
    /// document written into theirs.
    public var raceAfterWrite: [String: @Sendable (String) -> String] = [:]

    public struct InjectedFailure: Error, CustomStringConvertible {
        public var description: String { "injected failure" }
    }

    public init(_ inventory: Inventory) {
        for role in inventory.roles { roles[role.arn] = role.trustPolicyText }
        for provider in inventory.oidcProviders ?? [] {
            let url = provider.url ?? ARN(provider.arn)?.oidcProviderIssuer
            providers[provider.arn] = OIDCProvider(arn: provider.arn, url: url, clientIDs: provider.clientIDs ?? [])
        }
        for account in inventory.serviceAccounts { serviceAccounts[account.ref] = account }
        for workload in inventory.workloads {
            workloads[workload.ref] = PodIdentity(
                serviceAccountName: workload.template.serviceAccountName,
                kiamRole: workload.template.annotations[Annotations.kiamRole])
        }
        for namespace in inventory.namespaces { namespaces[namespace.name] = namespace.annotations }
        for role in inventory.authorizationDetails?.roles ?? [] {
            if roles[role.arn] == nil { roles[role.arn] = role.trustPolicyText }
            roleTags[role.arn] = role.tags
            attachedPolicies[role.arn] = role.attachedPolicies.map(\.arn)
            inlinePolicies[role.arn] = Dictionary(
                role.inlinePolicies.map { ($0.name, $0.document) }, uniquingKeysWith: { a, _ in a })
        }
    }

    public func set(delayNanoseconds: UInt64) { self.delayNanoseconds = delayNanoseconds }
    public func set(failing targets: Set<String>) { failingTargets = targets }
    public func set(crashAfterWriteTo target: String?) { crashAfterWriteTo = target }
    public func set(conflicts count: Int, on target: String) { conflicts[target] = count }
    public func set(raceAfterRead document: String, role arn: String) { raceAfterRead[arn] = document }
    public func set(raceAfterWrite edit: @escaping @Sendable (String) -> String, role arn: String) {
        raceAfterWrite[arn] = edit
    }
    public func set(trustPolicy text: String, role arn: String) { roles[arn] = text }
    public func set(workload ref: ObjectRef, _ identity: PodIdentity) { workloads[ref] = identity }

    private func call() async {
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        if delayNanoseconds > 0 { try? await Task.sleep(nanoseconds: delayNanoseconds) }
        inFlight -= 1
    }

    /// Runs a write with the fault injection around it.
    func recordWrite(_ operation: String, _ target: String, _ body: () throws -> Void) async throws {
        await call()
        if failingTargets.contains(target) { throw InjectedFailure() }
        if let left = conflicts[target], left > 0 {
            conflicts[target] = left - 1
            throw GatewayError.conflict(target: target, detail: "injected 409")
        }
        try body()
        writes.append("\(operation) \(target)")
        if crashAfterWriteTo == target {
            crashAfterWriteTo = nil
            throw CancellationError()
        }
    }

    public func trustPolicy(role arn: String) async throws -> String? {
        await call()
        let read = roles[arn]
        if let raced = raceAfterRead.removeValue(forKey: arn) { roles[arn] = raced }
        return read
    }

    public func setTrustPolicy(role arn: String, document: String) async throws {
        try await recordWrite("set-trust", arn) {
            guard roles[arn] != nil else { throw GatewayError.notFound(target: arn) }
            roles[arn] = raceAfterWrite.removeValue(forKey: arn).map { $0(document) } ?? document
        }
    }

    public func oidcProvider(arn: String) async throws -> OIDCProvider? {
        await call()
        return providers[arn]
    }

    public func createOIDCProvider(arn: String, url: String, clientIDs: [String]) async throws {
        try await recordWrite("create-provider", arn) {
            providers[arn] = OIDCProvider(arn: arn, url: url, clientIDs: clientIDs)
        }
    }

    public func addClientID(_ clientID: String, toProvider arn: String) async throws {
        try await recordWrite("add-client-id", arn) {
            guard providers[arn] != nil else { throw GatewayError.notFound(target: arn) }
            providers[arn]?.clientIDs = (providers[arn]?.clientIDs ?? []) + [clientID]
        }
    }

    public func deleteOIDCProvider(arn: String) async throws {
        try await recordWrite("delete-provider", arn) { providers[arn] = nil }
    }

    public func serviceAccount(_ ref: ObjectRef) async throws -> ServiceAccount? {
        await call()
        return serviceAccounts[ref]
    }

    public func createServiceAccount(_ account: ServiceAccount) async throws {
        try await recordWrite("create-sa", account.ref.description) {
            guard serviceAccounts[account.ref] == nil else {
                throw GatewayError.conflict(target: account.ref.description, detail: "exists")
            }
            serviceAccounts[account.ref] = account
        }
    }

    public func annotateServiceAccount(_ ref: ObjectRef, _ annotations: [String: String?]) async throws {
        try await recordWrite("annotate-sa", ref.description) {
            guard var account = serviceAccounts[ref] else { throw GatewayError.notFound(target: ref.description) }
            for (key, value) in annotations { account.annotations[key] = value }
            serviceAccounts[ref] = account
        }
    }

    public func deleteServiceAccount(_ ref: ObjectRef) async throws {
        try await recordWrite("delete-sa", ref.description) { serviceAccounts[ref] = nil }
    }

    public func workloadsUsing(serviceAccount ref: ObjectRef) async throws -> [ObjectRef] {
        await call()
        return workloads.filter { $0.key.namespace == ref.namespace && $0.value.effectiveServiceAccount == ref.name }
            .map(\.key).sorted()
    }

    public func podIdentity(_ workload: ObjectRef, roleKey: String) async throws -> PodIdentity? {
        await call()
        guard let identity = workloads[workload] else { return nil }
        // The fake holds one role annotation: read under another key, the template has none.
        return identity.roleKey == roleKey
            ? identity : PodIdentity(serviceAccountName: identity.serviceAccountName, kiamRole: nil, roleKey: roleKey)
    }

    public func patchPodIdentity(_ workload: ObjectRef, expected: PodIdentity, desired: PodIdentity) async throws {
        try await recordWrite("patch-workload", workload.description) {
            guard workloads[workload] == expected else {
                throw GatewayError.conflict(target: workload.description, detail: "the pod template changed")
            }
            workloads[workload] = desired
        }
    }

    public func namespaceAnnotations(_ name: String) async throws -> [String: String]? {
        await call()
        return namespaces[name]
    }

    public func annotateNamespace(_ name: String, _ annotations: [String: String?]) async throws {
        try await recordWrite("annotate-namespace", "namespace/\(name)") {
            guard var current = namespaces[name] else { throw GatewayError.notFound(target: name) }
            for (key, value) in annotations { current[key] = value }
            namespaces[name] = current
        }
    }
}
