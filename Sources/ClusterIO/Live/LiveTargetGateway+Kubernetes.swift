import Foundation
import MigrationCore

extension LiveTargetGateway {
    public func serviceAccount(_ ref: ObjectRef) async throws -> ServiceAccount? {
        guard let object = try await object(ref) else { return nil }
        return ServiceAccount(
            namespace: ref.namespace, name: ref.name, labels: object["metadata"]?["labels"]?.stringMap ?? [:],
            annotations: object["metadata"]?["annotations"]?.stringMap ?? [:],
            imagePullSecrets: (object["imagePullSecrets"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
    }

    public func createServiceAccount(_ account: ServiceAccount) async throws {
        var metadata: [JSONValue.Member] = [.init("name", .string(account.name)), .init("namespace", .string(account.namespace))]
        if !account.labels.isEmpty { metadata.append(.init("labels", .sortedStrings(account.labels))) }
        if !account.annotations.isEmpty { metadata.append(.init("annotations", .sortedStrings(account.annotations))) }
        var manifest: [JSONValue.Member] = [
            .init("apiVersion", .string("v1")), .init("kind", .string("ServiceAccount")), .init("metadata", .object(metadata)),
        ]
        if !account.imagePullSecrets.isEmpty {
            manifest.append(.init("imagePullSecrets", .array(account.imagePullSecrets.map { .object(["name": .string($0)]) })))
        }
        let ref = ObjectRef.serviceAccount(account.namespace, account.name)
        let body = JSONValue.object(manifest)
        var exists = false
        do {
            try await kubectl.create(body, target: ref.description)
        } catch {
            guard case .alreadyExists = error else { throw Self.gatewayError(error) }
            exists = true
        }
        // Created meanwhile (or by an interrupted run): make it carry what was planned.
        if exists {
            let patch = Self.metadataPatch(
                labels: account.labels.mapValues { $0 }, annotations: account.annotations.mapValues { $0 })
            try await conflictChecked { () async throws(KubectlError) in _ = try await kubectl.mergePatch(ref, patch) }
        }
    }

    public func annotateServiceAccount(_ ref: ObjectRef, _ annotations: [String: String?]) async throws {
        try await conflictChecked { () async throws(KubectlError) in
            _ = try await kubectl.mergePatch(ref, Self.metadataPatch(annotations: annotations))
        }
    }

    public func deleteServiceAccount(_ ref: ObjectRef) async throws {
        do {
            try await kubectl.deleteServiceAccount(namespace: ref.namespace, name: ref.name)
        } catch {
            guard case .notFound = error else { throw Self.gatewayError(error) }
            return
        }
    }

    public func workloadsUsing(serviceAccount ref: ObjectRef) async throws -> [ObjectRef] {
        let kinds = "deployments.apps,statefulsets.apps,daemonsets.apps,cronjobs.batch,jobs.batch,pods"
        let data = try await kubectl.list(kinds, namespace: ref.namespace)
        return try KubernetesListDecoder.decode(data, source: "kubectl get \(kinds)").workloads.filter {
            $0.ref.namespace == ref.namespace && $0.template.effectiveServiceAccount == ref.name
        }.map(\.ref).sorted()
    }

    public func podIdentity(_ workload: ObjectRef, roleKey: String) async throws -> PodIdentity? {
        guard let object = try await object(workload) else { return nil }
        return PodTemplateJSON(object, kind: workload.kind).identity(roleKey: roleKey)
    }

    public func patchPodIdentity(_ workload: ObjectRef, expected: PodIdentity, desired: PodIdentity) async throws {
        guard let object = try await object(workload) else { throw GatewayError.notFound(target: workload.description) }
        let template = PodTemplateJSON(object, kind: workload.kind)
        guard template.identity(roleKey: expected.roleKey) == expected else {
            throw GatewayError.conflict(target: workload.description, detail: "its pod template changed since it was read")
        }
        var refusal: String?
        do {
            _ = try await kubectl.jsonPatch(workload, operations: template.patch(to: desired))
        } catch {
            switch error {
            case .invalid(_, let detail), .conflict(_, let detail): refusal = detail
            default: throw error
            }
        }
        if let refusal { throw GatewayError.conflict(target: workload.description, detail: refusal) }
    }

    public func namespaceAnnotations(_ name: String) async throws -> [String: String]? {
        guard let object = try await object(.namespace(name)) else { return nil }
        return object["metadata"]?["annotations"]?.stringMap ?? [:]
    }

    public func annotateNamespace(_ name: String, _ annotations: [String: String?]) async throws {
        try await conflictChecked { () async throws(KubectlError) in
            _ = try await kubectl.mergePatch(.namespace(name), Self.metadataPatch(annotations: annotations))
        }
    }

    /// A 409 on a write becomes `GatewayError.conflict`: the executor re-reads the target and
    /// decides again (done, stale, or write once more), instead of repeating the write blind.
    private func conflictChecked(_ write: () async throws(KubectlError) -> Void) async throws {
        do {
            try await write()
        } catch {
            throw Self.gatewayError(error)
        }
    }

    static func gatewayError(_ error: KubectlError) -> any Error {
        guard case .conflict(let target, let detail) = error else { return error }
        return GatewayError.conflict(target: target, detail: detail)
    }

    /// The object as JSON; nil when it does not exist.
    func object(_ ref: ObjectRef) async throws -> JSONValue? {
        let data: Data
        do {
            data = try await kubectl.getJSON(ref)
        } catch {
            guard case .notFound = error else { throw error }
            return nil
        }
        return try JSONValue(parsing: [UInt8](data))
    }

    static func metadataPatch(labels: [String: String?] = [:], annotations: [String: String?]) -> JSONValue {
        func map(_ values: [String: String?]) -> JSONValue {
            .object(values.keys.sorted().map { key in .init(key, (values[key] ?? nil).map { JSONValue.string($0) } ?? .null) })
        }
        var metadata: [JSONValue.Member] = []
        if !labels.isEmpty { metadata.append(.init("labels", map(labels))) }
        metadata.append(.init("annotations", map(annotations)))
        return .object(["metadata": .object(metadata)])
    }
}

extension JSONValue {
    /// An object's string members as a dictionary (other values left out).
    var stringMap: [String: String] {
        var result: [String: String] = [:]
        for member in members ?? [] { result[member.key] = member.value.stringValue }
        return result
    }

    static func sortedStrings(_ values: [String: String]) -> JSONValue {
        .object(values.keys.sorted().map { .init($0, .string(values[$0] ?? "")) })
    }
}
