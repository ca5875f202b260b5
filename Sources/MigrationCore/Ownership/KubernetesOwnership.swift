/// Reads who manages a Kubernetes object from the markers the tools leave on it. The syncing
/// tool wins over the renderer: Argo CD, then Flux, then Helm, then kustomize (an Argo CD
/// application or a Flux HelmRelease often renders a Helm chart; the change goes to the
/// application's source, and `rendersWithHelm` says a chart's values may be that place).
enum KubernetesOwnership {
    static let managedBy = "app.kubernetes.io/managed-by"
    static let argoInstance = "argocd.argoproj.io/instance"
    static let argoTrackingID = "argocd.argoproj.io/tracking-id"
    static let fluxKustomizeName = "kustomize.toolkit.fluxcd.io/name"
    static let fluxKustomizeNamespace = "kustomize.toolkit.fluxcd.io/namespace"
    static let fluxHelmName = "helm.toolkit.fluxcd.io/name"
    static let fluxHelmNamespace = "helm.toolkit.fluxcd.io/namespace"
    static let helmReleaseName = "meta.helm.sh/release-name"
    static let helmReleaseNamespace = "meta.helm.sh/release-namespace"
    static let helmChart = "helm.sh/chart"
    static let instance = "app.kubernetes.io/instance"

    /// The owner the object's own labels and annotations name, or nil.
    static func owner(labels: [String: String], annotations: [String: String], namespace: String) -> Owner? {
        let helm = helmRelease(labels: labels, annotations: annotations, namespace: namespace)
        if let app = argoApplication(labels: labels, annotations: annotations) {
            return Owner(.argoCD, name: app.name, evidence: app.evidence, rendersWithHelm: helm != nil)
        }
        if let name = labels[fluxKustomizeName] {
            return Owner(
                .fluxKustomization, name: name, namespace: labels[fluxKustomizeNamespace] ?? "",
                evidence: "label \(fluxKustomizeName)=\(name)", rendersWithHelm: helm != nil)
        }
        if let name = labels[fluxHelmName] {
            return Owner(
                .fluxHelmRelease, name: name, namespace: labels[fluxHelmNamespace] ?? "",
                evidence: "label \(fluxHelmName)=\(name)", rendersWithHelm: true)
        }
        if let helm { return helm }
        if labels[managedBy]?.lowercased() == "kustomize" {
            return Owner(.kustomize, evidence: "label \(managedBy)=\(labels[managedBy] ?? "")")
        }
        return nil
    }

    /// Argo CD's tracking label (the application name), or its tracking annotation
    /// (`APP:GROUP/KIND:NAMESPACE/NAME`, the application before the first colon).
    private static func argoApplication(labels: [String: String], annotations: [String: String])
        -> (name: String, evidence: String)?
    {
        if let app = labels[argoInstance], !app.isEmpty { return (app, "label \(argoInstance)=\(app)") }
        if let id = annotations[argoTrackingID], let app = id.split(separator: ":").first, !app.isEmpty {
            return (String(app), "annotation \(argoTrackingID)=\(id)")
        }
        return nil
    }

    private static func helmRelease(labels: [String: String], annotations: [String: String], namespace: String) -> Owner? {
        if let release = annotations[helmReleaseName], !release.isEmpty {
            return Owner(
                .helm, name: release, namespace: annotations[helmReleaseNamespace] ?? namespace,
                evidence: "annotation \(helmReleaseName)=\(release)", rendersWithHelm: true)
        }
        let byLabel = labels[managedBy]?.lowercased() == "helm" ? "label \(managedBy)=\(labels[managedBy] ?? "")" : nil
        guard let evidence = byLabel ?? labels[helmChart].map({ "label \(helmChart)=\($0)" }) else { return nil }
        return Owner(.helm, name: labels[instance] ?? "", namespace: namespace, evidence: evidence, rendersWithHelm: true)
    }
}
