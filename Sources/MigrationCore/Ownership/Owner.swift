/// Who else writes an object or role the plan changes: a GitOps controller, Helm, or
/// infrastructure as code. A live change to an owned target is reverted at its next sync,
/// so the same change belongs in the owner's source (`irsa-migrate export`).
public struct Owner: Codable, Hashable, Sendable, Comparable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case argoCD = "argocd"
        case fluxKustomization = "flux-kustomization"
        case fluxHelmRelease = "flux-helmrelease"
        case helm
        case kustomize
        case cloudFormation = "cloudformation"
        case terraform
        case iacTag = "iac-tag"
    }

    public var kind: Kind
    /// The Argo CD application, Helm release, Flux object, CloudFormation stack, or
    /// `KEY=VALUE` of a team's own tag; empty when the marker names none (kustomize, Terraform).
    public var name: String
    /// The namespace of a Helm release or Flux object; empty otherwise.
    public var namespace: String
    /// The label, annotation or tag it was read from (`namespace/NS` first when inherited).
    public var evidence: String
    /// The object carries Helm's markers too, so a chart's values may be the place to change it.
    public var rendersWithHelm: Bool

    public init(_ kind: Kind, name: String = "", namespace: String = "", evidence: String, rendersWithHelm: Bool = false) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.evidence = evidence
        self.rendersWithHelm = rendersWithHelm
    }

    /// Whether the owner syncs Kubernetes objects (true) or IAM (false).
    public var ownsKubernetesObjects: Bool {
        switch kind {
        case .argoCD, .fluxKustomization, .fluxHelmRelease, .helm, .kustomize: true
        case .cloudFormation, .terraform, .iacTag: false
        }
    }

    /// One line for people: `Argo CD application orders-events`.
    public var description: String {
        let scoped = namespace.isEmpty ? name : "\(namespace)/\(name)"
        switch kind {
        case .argoCD: return "Argo CD application \(name)"
        case .fluxKustomization: return "Flux Kustomization \(scoped)"
        case .fluxHelmRelease: return "Flux HelmRelease \(scoped)"
        case .helm: return "Helm release \(scoped)"
        case .kustomize: return "kustomize"
        case .cloudFormation: return "CloudFormation stack \(name)"
        case .terraform: return "Terraform"
        case .iacTag: return "infrastructure as code (tag \(name))"
        }
    }

    /// The export folder of its files: `argocd/APP`, `helm/NS/RELEASE`, `terraform`.
    public var folder: String {
        let parts = [kind.rawValue, namespace, name].filter { !$0.isEmpty }.map(Self.pathSafe)
        return parts.joined(separator: "/")
    }

    /// Keeps names readable in a path but never lets one climb out of its folder.
    static func pathSafe(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=")
        let mapped = String(text.map { allowed.contains($0) ? $0 : "_" })
        return mapped.allSatisfy { $0 == "." } ? "_" : mapped
    }

    public static func < (lhs: Owner, rhs: Owner) -> Bool {
        (lhs.kind.rank, lhs.namespace, lhs.name) < (rhs.kind.rank, rhs.namespace, rhs.name)
    }
}

extension Owner.Kind {
    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
