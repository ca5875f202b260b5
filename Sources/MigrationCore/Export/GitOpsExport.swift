/// The files that carry a plan's changes to owned targets into their owners' sources
/// (Git for Argo CD, Flux, Helm and kustomize; Terraform or CloudFormation for roles),
/// grouped by owner, with an INDEX.md in phase order. Targets nothing owns are not
/// exported: `apply` changes them, and the index lists them so nothing is forgotten.
public enum GitOpsExport {
    public static func files(for plan: Plan) -> [ExportFile] {
        var groups: [String: OwnerExport] = [:]
        for step in plan.steps {
            guard let owner = step.owner else { continue }
            var group = groups[owner.folder] ?? OwnerExport(owner: owner)
            if owner.ownsKubernetesObjects {
                KubernetesExport.add(step, plan: plan, to: &group)
            } else {
                RoleExport.add(step, plan: plan, to: &group)
            }
            groups[owner.folder] = group
        }
        let exports = groups.values.sorted { $0.owner < $1.owner }.map { group -> OwnerExport in
            var group = group
            KubernetesExport.addKustomization(to: &group)
            return group
        }
        let providers = ProviderExport.file(for: plan, iacOwned: exports.contains { !$0.owner.ownsKubernetesObjects })
        let files = exports.flatMap(\.files) + (providers.map { [$0] } ?? [])
        return files + [ExportIndex.file(plan: plan, exports: exports, providers: providers)]
    }
}
