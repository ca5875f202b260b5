/// Findings about a workload that do not stop its migration but that a reviewer must see.
enum WorkloadWarnings {
    static func findings(for workload: Workload) -> [Finding] {
        let subject = workload.ref.description
        var findings: [Finding] = []
        let envNames = Set(workload.template.containers.flatMap(\.envNames))
        if envNames.contains("AWS_ACCESS_KEY_ID") {
            findings.append(
                Finding(
                    .warning, "static-aws-credentials-in-env", subject: subject,
                    "a container sets AWS_ACCESS_KEY_ID, which AWS SDKs prefer over web identity: remove it or IRSA will not be used"
                ))
        }
        if envNames.contains("AWS_ROLE_ARN") || envNames.contains("AWS_WEB_IDENTITY_TOKEN_FILE") {
            findings.append(
                Finding(
                    .warning, "aws-role-arn-in-env", subject: subject,
                    "a container sets AWS_ROLE_ARN or AWS_WEB_IDENTITY_TOKEN_FILE itself, so the pod identity webhook will not set them: check they name the planned role"
                ))
        }
        let envFrom = Set(workload.template.containers.flatMap(\.envFrom)).sorted()
        if !envFrom.isEmpty && !envNames.contains("AWS_ACCESS_KEY_ID") {
            findings.append(
                Finding(
                    .warning, "env-from-may-set-aws-credentials", subject: subject,
                    "a container takes its environment from \(envFrom.joined(separator: ", ")), which may set AWS_ACCESS_KEY_ID (AWS SDKs prefer it over web identity): check them before cutover"
                ))
        }
        findings += rolloutFindings(workload)
        if workload.template.hostNetwork {
            findings.append(
                Finding(
                    .warning, "host-network-pod", subject: subject,
                    "hostNetwork pods bypass kube2iam and used the node role so far: after the move they get only the planned role"
                ))
        }
        if let manager = manager(of: workload) {
            findings.append(
                Finding(
                    .warning, "managed-by-\(manager.code)", subject: subject,
                    "managed by \(manager.name): it would revert a live patch, so apply waits for its sync instead of patching; 'irsa-migrate export' writes the change for its source"
                ))
        }
        return findings
    }

    /// A cutover patch that never replaces running pods: verify cannot pass until they are.
    private static func rolloutFindings(_ workload: Workload) -> [Finding] {
        let subject = workload.ref.description
        if workload.rolloutPaused {
            return [
                Finding(
                    .warning, "rollout-paused", subject: subject,
                    "the Deployment is paused, so the cutover patch does not roll out and verify cannot pass: resume it after cutover (kubectl rollout resume deployment/\(workload.ref.name) -n \(workload.ref.namespace)), or re-create its pods"
                )
            ]
        }
        if workload.updateStrategy?.lowercased() == "ondelete" {
            return [
                Finding(
                    .warning, "rollout-on-delete", subject: subject,
                    "updateStrategy OnDelete keeps pods on the old template after the cutover patch, so verify cannot pass: delete its pods (one at a time) after cutover so they are re-created with IRSA"
                )
            ]
        }
        return []
    }

    private static func manager(of workload: Workload) -> (code: String, name: String)? {
        let labels = workload.labels
        let annotations = workload.annotations
        if labels["app.kubernetes.io/managed-by"]?.lowercased() == "helm" || annotations["meta.helm.sh/release-name"] != nil {
            if labels.keys.contains(where: { $0.hasPrefix("helm.toolkit.fluxcd.io/") }) { return ("flux", "Flux") }
            return ("helm", "Helm")
        }
        if labels["argocd.argoproj.io/instance"] != nil || annotations["argocd.argoproj.io/tracking-id"] != nil {
            return ("argocd", "Argo CD")
        }
        if labels.keys.contains(where: { $0.hasPrefix("kustomize.toolkit.fluxcd.io/") || $0.hasPrefix("helm.toolkit.fluxcd.io/") }
        ) {
            return ("flux", "Flux")
        }
        return nil
    }
}
