/// The OIDC providers the plan ensures, as an IaC definition needs them: URL and client IDs
/// (Terraform `aws_iam_openid_connect_provider`, CloudFormation `AWS::IAM::OIDCProvider`).
/// Their owner is not in the inventory, so they are written whenever roles are IaC-owned.
enum ProviderExport {
    static let path = "oidc-providers.json"

    static func file(for plan: Plan, iacOwned: Bool) -> ExportFile? {
        let providers = plan.steps.compactMap { step -> JSONValue? in
            guard case .ensureOIDCProvider(let ensure) = step.payload else { return nil }
            return .object([
                "Arn": .string(step.target.description), "Url": .string(ensure.url), "ClientIDList": .strings(ensure.clientIDs),
            ])
        }
        guard iacOwned, !providers.isEmpty else { return nil }
        return .json(path, .array(providers))
    }
}
