import Foundation
import MigrationCore

extension LiveVerifier {
    func verifyWorkload(_ ref: ObjectRef, _ plan: IdentityCheck) async throws -> VerificationResult {
        let accountName = plan.serviceAccount?.name
        if [.deployment, .statefulset, .daemonset].contains(ref.kind) {
            if let failure = await rolloutFailure(ref) { return .failed(failure) }
        }
        guard let object = try await gateway.object(ref) else { return .failed("\(ref) does not exist") }
        let roleKey = roleKeys[ref] ?? Annotations.kiamRole
        let current = PodTemplateJSON(object, kind: ref.kind).identity(roleKey: roleKey)
        let wanted = PodIdentity(serviceAccountName: accountName ?? current.serviceAccountName, kiamRole: nil, roleKey: roleKey)
        guard current.effectiveServiceAccount == wanted.effectiveServiceAccount, current.kiamRole == nil else {
            return .failed(
                "\(ref): the pod template runs as \(current.effectiveServiceAccount) with \(roleKey) \(current.kiamRole ?? "none"), not as \(wanted.effectiveServiceAccount) without it; apply the cutover first"
            )
        }
        if ref.kind == .cronjob || ref.kind == .job {
            return VerificationResult(
                passed: true,
                message: "the template runs as \(wanted.effectiveServiceAccount) without kiam; its next run gets IRSA")
        }
        let pods = try await currentPods(ref, object)
        guard !pods.isEmpty else {
            let replicas = object["spec"]?["replicas"].flatMap { Int($0.serialized()) }
            return replicas == 0
                ? VerificationResult(passed: true, message: "no replicas; the template runs as \(wanted.effectiveServiceAccount)")
                : .failed("\(ref): no pods of the current template are running")
        }
        for pod in pods {
            if let problem = Self.problem(pod, plan, wanted: wanted) { return .failed("\(ref): \(problem)") }
        }
        return VerificationResult(
            passed: true, message: "\(pods.count) pod(s) of the current template carry IRSA for \(plan.roleARN)")
    }

    /// Nil when the rollout finished in time; else the one-line reason.
    private func rolloutFailure(_ ref: ObjectRef) async -> String? {
        do {
            try await kubectl.rolloutStatus(ref, timeout: rolloutTimeout)
            return nil
        } catch {
            let seconds = rolloutTimeout.components.seconds
            let detail: String
            switch error {
            case .failed(_, _, let line): detail = line
            default: detail = error.description
            }
            if detail.contains("timed out") || { if case .command(.timedOut) = error { true } else { false } }() {
                return "\(ref): rollout did not finish within \(seconds)s (stuck?)"
            }
            return "\(ref): rollout did not finish (stuck?): \(detail)"
        }
    }

    /// Pods of the workload's current template: by its selector, and for a Deployment only
    /// those of its newest ReplicaSet (`pod-template-hash`). Terminating pods are left out.
    private func currentPods(_ ref: ObjectRef, _ object: JSONValue) async throws -> [JSONValue] {
        let labels = object["spec"]?["selector"]?["matchLabels"]?.stringMap ?? [:]
        var selector = labels.keys.sorted().map { "\($0)=\(labels[$0] ?? "")" }
        if ref.kind == .deployment, let hash = try await newestTemplateHash(ref, object, selector: selector) {
            selector.append("pod-template-hash=\(hash)")
        }
        guard !selector.isEmpty else { return [] }
        let list = try JSONValue(
            parsing: [UInt8](try await kubectl.list("pods", namespace: ref.namespace, selector: selector.joined(separator: ","))))
        return (list["items"]?.arrayValue ?? []).filter { $0["metadata"]?["deletionTimestamp"] == nil }
    }

    private func newestTemplateHash(_ ref: ObjectRef, _ object: JSONValue, selector: [String]) async throws -> String? {
        let revisionKey = "deployment.kubernetes.io/revision"
        let data = try await kubectl.list("replicasets.apps", namespace: ref.namespace, selector: selector.joined(separator: ","))
        let owned = (try JSONValue(parsing: [UInt8](data))["items"]?.arrayValue ?? []).filter { set in
            (set["metadata"]?["ownerReferences"]?.arrayValue ?? []).contains { $0["name"]?.stringValue == ref.name }
        }
        func revision(_ value: JSONValue?) -> Int {
            value?["metadata"]?["annotations"]?[revisionKey]?.stringValue.flatMap { Int($0) } ?? 0
        }
        let wanted = revision(object)
        let newest = owned.first { revision($0) == wanted && wanted > 0 } ?? owned.max { revision($0) < revision($1) }
        return newest?["metadata"]?["labels"]?["pod-template-hash"]?.stringValue
    }

    /// What is wrong with one pod, or nil: it must run from the new template and carry
    /// the webhook's injection for the planned role and audience, with no static key.
    static func problem(_ pod: JSONValue, _ plan: IdentityCheck, wanted: PodIdentity) -> String? {
        let name = pod["metadata"]?["name"]?.stringValue ?? "?"
        let identity = PodTemplateJSON(pod, kind: .pod).identity(roleKey: wanted.roleKey)
        guard identity.effectiveServiceAccount == wanted.effectiveServiceAccount, identity.kiamRole == nil else {
            return
                "pod \(name) still runs the old template (service account \(identity.effectiveServiceAccount), \(wanted.roleKey) \(identity.kiamRole ?? "none"))"
        }
        let volumes = pod["spec"]?["volumes"]?.arrayValue ?? []
        let token = volumes.first { $0["name"]?.stringValue == "aws-iam-token" }
        let audiences = (token?["projected"]?["sources"]?.arrayValue ?? []).compactMap {
            $0["serviceAccountToken"]?["audience"]?.stringValue
        }
        guard audiences.contains(plan.audience) else {
            return
                "pod \(name) has no aws-iam-token projected volume for audience \(plan.audience) (was it created before its service account was annotated?)"
        }
        for container in pod["spec"]?["containers"]?.arrayValue ?? [] {
            let containerName = container["name"]?.stringValue ?? "?"
            var env: [String: String] = [:]
            for variable in container["env"]?.arrayValue ?? [] {
                if let key = variable["name"]?.stringValue { env[key] = variable["value"]?.stringValue ?? "" }
            }
            if env["AWS_ROLE_ARN"] != plan.roleARN {
                return
                    "pod \(name) container \(containerName) has AWS_ROLE_ARN \(env["AWS_ROLE_ARN"] ?? "unset"), not \(plan.roleARN)"
            }
            if env["AWS_WEB_IDENTITY_TOKEN_FILE"] == nil {
                return "pod \(name) container \(containerName) has no AWS_WEB_IDENTITY_TOKEN_FILE"
            }
            if env["AWS_ACCESS_KEY_ID"] != nil {
                return "pod \(name) container \(containerName) sets a static AWS_ACCESS_KEY_ID, which shadows IRSA"
            }
        }
        return nil
    }
}
