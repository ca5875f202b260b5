/// INDEX.md: what to commit where, in the order the phases need: trust and providers
/// before service accounts, service accounts before workloads, cleanup last.
enum ExportIndex {
    static func file(plan: Plan, exports: [OwnerExport], providers: ExportFile?) -> ExportFile {
        var lines = [
            "# Export of plan \(plan.header.id) (\(plan.header.kind.rawValue))", "",
            "Commit each file to its owner's source, one stage at a time, and let the owner sync (Argo CD, Flux),",
            "upgrade the release (Helm) or apply the stack (Terraform, CloudFormation) before the next stage.",
            "JSON files are valid YAML. `irsa-migrate status` and `verify` show what has synced.", "",
        ]
        if exports.isEmpty {
            lines.append("Nothing in this plan targets an object or role owned by GitOps or infrastructure as code.")
            lines.append("")
        }
        let iam = exports.filter { !$0.owner.ownsKubernetesObjects }
        let kubernetes = exports.filter(\.owner.ownsKubernetesObjects)
        var stage = 0
        func section(_ title: String, _ groups: [OwnerExport], _ phase: Phase, extra: [String] = []) {
            let listed = groups.filter { !($0.entries[phase] ?? []).isEmpty }
            guard !listed.isEmpty || !extra.isEmpty else { return }
            stage += 1
            lines += ["## \(stage). \(title)", ""] + extra
            for group in listed {
                lines += ["### \(group.owner.description) (`\(group.owner.folder)/`)", ""]
                lines += (group.entries[phase] ?? []).map { "- \($0)" } + [""]
            }
        }
        let providerLines =
            providers.map {
                [
                    "- `\($0.path)`: the OIDC providers to declare where your IaC keeps them (URL and client IDs), or leave them to `irsa-migrate apply --phase prepare`",
                    "",
                ]
            } ?? []
        section("prepare, IAM: trust before anything uses it", iam, .prepare, extra: providerLines)
        section("prepare, Kubernetes: service accounts", kubernetes, .prepare)
        section(
            "cutover: workloads (once the prepare files synced and `irsa-migrate apply --phase prepare` made the rest)",
            kubernetes + iam, .cutover)
        if plan.steps.contains(where: { $0.phase == .verify }) {
            stage += 1
            lines += ["## \(stage). verify", "", "Run `irsa-migrate verify` once the workloads synced and rolled out.", ""]
        }
        section("cleanup (only once verify passed)", iam + kubernetes, .cleanup)
        let snippets = exports.flatMap(\.files).map(\.path).filter { $0.hasSuffix(KubernetesExport.snippet) }
        if !snippets.isEmpty {
            lines += ["## Kustomizations", ""]
            lines += snippets.map {
                "- `\($0)`: the `resources:` and `patches:` entries for that owner's kustomization.yaml, if it builds with kustomize; add each entry when its stage above comes"
            }
            lines.append("")
        }
        lines += notExported(plan)
        if exports.contains(where: \.owner.rendersWithHelm) {
            lines += [
                "## Helm values", "",
                "`helm-values/` files follow the `helm create` layout. Charts differ: check the chart's own values.yaml,",
                "and keep `create` as the chart has it for an account that exists. A null value removes a key.", "",
            ]
        }
        return ExportFile(path: "INDEX.md", contents: lines.joined(separator: "\n") + "\n")
    }

    private static func notExported(_ plan: Plan) -> [String] {
        let unowned = plan.steps.filter { $0.owner == nil && $0.phase != .verify }
        guard !unowned.isEmpty else { return [] }
        return ["## Not exported: nothing owns these targets; `irsa-migrate apply` changes them", ""]
            + unowned.map { "- step \($0.position) \($0.action.rawValue) `\($0.target)`" } + [""]
    }
}
