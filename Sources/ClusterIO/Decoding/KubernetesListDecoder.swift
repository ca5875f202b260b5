import Foundation
import MigrationCore

/// Reads the `v1 List` printed by
/// `kubectl get namespaces,serviceaccounts,deployments,statefulsets,daemonsets,cronjobs,jobs,pods -A -o json`
/// into inventory values, keeping only top-level workloads.
///
/// Jobs created by a CronJob and pods created by a controller are left out: the planner
/// changes their owner, and their next generation inherits the change.
public enum KubernetesListDecoder {
    public typealias Objects = (namespaces: [Namespace], serviceAccounts: [ServiceAccount], workloads: [Workload])

    public static func decode(_ data: Data, source: String = "kubernetes.json") throws(DecodeError) -> Objects {
        try JSONNesting.check(data, source: source)
        let list: KubernetesListDTO
        do {
            let document = try JSONValue(parsing: [UInt8](data), keeping: KubernetesListDTO.members)
            let decoder = JSONValueDecoder()
            if let (rest, items) = decoder.decode(
                KubernetesListDTO.self, from: document, elementsOf: "items", as: KubernetesObjectDTO.self)
            {
                list = KubernetesListDTO(apiVersion: rest.apiVersion, kind: rest.kind, items: items)
            } else {
                list = try decoder.decode(KubernetesListDTO.self, from: document)
            }
        } catch let error as JSONParseError {
            throw DecodeError(source: source, message: "not valid JSON: \(error)")
        } catch {
            throw DecodeError.wrapping(error, source: source)
        }
        guard list.kind == "List" else {
            let found = list.kind.map { "kind \($0)" } ?? "no kind"
            throw DecodeError(
                source: source, message: "expected a v1 List, got \(found); write it with 'kubectl get ... -A -o json'")
        }
        var namespaces: [Namespace] = []
        var serviceAccounts: [ServiceAccount] = []
        var workloads: [Workload] = []
        var ownedPods: [KubernetesObjectDTO] = []
        let items = list.items ?? []
        let listedJobs = Set(items.compactMap { item in item.kind == "Job" || item.kind == "CronJob" ? key(of: item) : nil })
        for (index, item) in items.enumerated() {
            let metadata = item.metadata ?? ObjectMetaDTO()
            guard let name = metadata.name, !name.isEmpty else {
                throw DecodeError(source: source, message: "items[\(index)] (\(item.kind ?? "no kind")) has no metadata.name")
            }
            let namespace = metadata.namespace ?? ""
            switch item.kind {
            case "Namespace":
                namespaces.append(Namespace(name: name, labels: metadata.labels ?? [:], annotations: metadata.annotations ?? [:]))
            case "ServiceAccount":
                serviceAccounts.append(
                    ServiceAccount(
                        namespace: namespace, name: name, labels: metadata.labels ?? [:],
                        annotations: metadata.annotations ?? [:],
                        imagePullSecrets: (item.imagePullSecrets ?? []).compactMap(\.name)))
            case "Pod" where !(metadata.ownerReferences ?? []).isEmpty:
                ownedPods.append(item)
            default:
                guard let kind = workloadKind(of: item), let template = podTemplate(of: item) else { continue }
                let cronJob = kind == .job ? cronJobOwner(of: item) : nil
                // A CronJob's jobs follow its change; one whose CronJob is not listed follows nothing.
                if let cronJob, listedJobs.contains("cronjob/\(namespace)/\(cronJob)") { continue }
                var workload = Workload(
                    ref: ObjectRef(kind, namespace: namespace, name: name), labels: metadata.labels ?? [:],
                    annotations: metadata.annotations ?? [:], template: template)
                workload.rolloutPaused = item.spec?.paused ?? false
                workload.updateStrategy = item.spec?.updateStrategy?.type
                workload.unknownController = cronJob.map { "CronJob/\($0)" }
                workloads.append(workload)
            }
        }
        workloads += podsOfUnknownControllers(ownedPods, workloads: workloads, listedJobs: listedJobs)
        namespaces.sort { $0.name < $1.name }
        serviceAccounts.sort { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
        workloads.sort { $0.ref < $1.ref }
        return (namespaces, serviceAccounts, workloads)
    }

    /// The workload kind of an object; nil for kinds we ignore (ReplicaSet, ...) and for owned
    /// pods, which are read apart.
    static func workloadKind(of item: KubernetesObjectDTO) -> ObjectRef.Kind? {
        let owners = item.metadata?.ownerReferences ?? []
        switch item.kind {
        case "Deployment": return .deployment
        case "StatefulSet": return .statefulset
        case "DaemonSet": return .daemonset
        case "CronJob": return .cronjob
        case "Job": return .job
        case "Pod": return owners.isEmpty ? .pod : nil
        default: return nil
        }
    }

    /// The CronJob that runs a job, by name.
    private static func cronJobOwner(of item: KubernetesObjectDTO) -> String? {
        item.metadata?.ownerReferences?.first { $0.kind == "CronJob" }.map { $0.name ?? "" }
    }

    /// `kind/namespace/name`, the kind in lower case, as `ObjectRef` prints it.
    private static func key(of item: KubernetesObjectDTO) -> String? {
        guard let kind = item.kind, let name = item.metadata?.name else { return nil }
        return "\(kind.lowercased())/\(item.metadata?.namespace ?? "")/\(name)"
    }

    /// Pods whose controller the planner does not move (not a StatefulSet, DaemonSet or Job of
    /// the list, nor a ReplicaSet of one of its Deployments): kept as pods naming that owner,
    /// so a plan reports them instead of leaving them out silently.
    static func podsOfUnknownControllers(
        _ pods: [KubernetesObjectDTO], workloads: [Workload], listedJobs: Set<String>
    ) -> [Workload] {
        let known = Set(workloads.map { "\($0.ref.kind.rawValue)/\($0.ref.namespace)/\($0.ref.name)" })
        return pods.compactMap { pod in
            let owners = pod.metadata?.ownerReferences ?? []
            guard let owner = owners.first(where: { $0.controller == true }) ?? owners.first,
                let name = pod.metadata?.name, let template = podTemplate(of: pod)
            else { return nil }
            let namespace = pod.metadata?.namespace ?? ""
            let ownerName = owner.name ?? ""
            switch owner.kind {
            case "StatefulSet", "DaemonSet":
                if known.contains("\(owner.kind?.lowercased() ?? "")/\(namespace)/\(ownerName)") { return nil }
            case "Job":
                // A listed Job is planned itself, or through its CronJob.
                if listedJobs.contains("job/\(namespace)/\(ownerName)") { return nil }
            case "ReplicaSet":
                // A Deployment's ReplicaSet is named DEPLOYMENT-HASH.
                if let dash = ownerName.lastIndex(of: "-"), known.contains("deployment/\(namespace)/\(ownerName[..<dash])") {
                    return nil
                }
            default: break
            }
            var workload = Workload(
                ref: ObjectRef(.pod, namespace: namespace, name: name), labels: pod.metadata?.labels ?? [:],
                annotations: pod.metadata?.annotations ?? [:], template: template)
            workload.unknownController = "\(owner.kind ?? "unknown")/\(ownerName)"
            return workload
        }
    }

    /// The pod template of a workload; a bare pod is its own template.
    static func podTemplate(of item: KubernetesObjectDTO) -> PodTemplate? {
        let spec = item.spec ?? SpecDTO()
        if item.kind == "Pod" {
            let podSpec = PodSpecDTO(
                serviceAccountName: spec.serviceAccountName, serviceAccount: spec.serviceAccount,
                hostNetwork: spec.hostNetwork, containers: spec.containers, initContainers: spec.initContainers)
            return makeTemplate(metadata: item.metadata, spec: podSpec)
        }
        let template = item.kind == "CronJob" ? spec.jobTemplate?.spec?.template : spec.template
        guard let template else { return nil }
        return makeTemplate(metadata: template.metadata, spec: template.spec)
    }

    private static func makeTemplate(metadata: ObjectMetaDTO?, spec: PodSpecDTO?) -> PodTemplate {
        let account = [spec?.serviceAccountName, spec?.serviceAccount].compactMap { $0 }.first { !$0.isEmpty }
        let containers = (spec?.containers ?? []) + (spec?.initContainers ?? [])
        return PodTemplate(
            labels: metadata?.labels ?? [:], annotations: metadata?.annotations ?? [:], serviceAccountName: account,
            hostNetwork: spec?.hostNetwork ?? false,
            containers: containers.map {
                Container(
                    name: $0.name ?? "", envNames: ($0.env ?? []).compactMap(\.name), image: $0.image ?? "",
                    arguments: ($0.command ?? []) + ($0.args ?? []), envFrom: ($0.envFrom ?? []).compactMap(\.reference))
            })
    }
}
