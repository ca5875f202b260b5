/// The audience of the cluster's tokens for a kiam-to-irsa plan. `--audience` when given;
/// else `sts.amazonaws.com`, except in `aws-cn`, where it depends on the distribution (EKS
/// in China uses `sts.amazonaws.com`, others `sts.amazonaws.com.cn`): there it is read from
/// the inventory (service accounts' `eks.amazonaws.com/audience` annotations and the `:aud`
/// conditions roles already have for the issuer), and when nothing or no single value says,
/// the China roles' workloads are left out with an `audience-ambiguous` error, not guessed.
struct KiamAudience {
    /// The audience the plan uses; nil when it could not be told for `aws-cn` roles.
    var audience: String?
    var findings: [Finding] = []

    init(options: KiamToIRSAOptions, inventory: Inventory, roleARNs: Set<String>) {
        let china = roleARNs.filter { ARN($0)?.partition == "aws-cn" }
        guard !options.audienceGiven, !china.isEmpty else {
            audience = options.audience
            return
        }
        var sources: [Set<String>] = inventory.serviceAccounts.compactMap { account in
            account.annotations[Annotations.irsaAudience].flatMap { $0.isEmpty ? nil : [$0] }
        }
        let key = (options.issuer.hostAndPath + ":aud").lowercased()
        for role in inventory.roles {
            guard let policy = try? TrustPolicy(parsing: role.trustPolicyText ?? "") else { continue }
            for statement in policy.statements where statement.effect == .allow {
                let values = statement.conditions.filter {
                    $0.key.lowercased() == key && ConditionOperator($0.operator).isPositiveMatch
                }.flatMap(\.values).filter { !$0.contains("*") && !$0.contains("?") }
                if !values.isEmpty { sources.append(Set(values)) }
            }
        }
        let accepted = sources.dropFirst().reduce(sources.first ?? []) { $0.intersection($1) }
        if accepted.count == 1, let only = accepted.first {
            audience = only
            findings.append(
                Finding(
                    .info, "audience-inferred", subject: options.issuer.url,
                    "the plan uses audience \(only), the one the inventory's service accounts and trust policies name for \(options.issuer.hostAndPath) (partition aws-cn); re-plan with --audience AUD if the cluster's tokens carry another"
                ))
            return
        }
        audience = nil
        let said =
            sources.isEmpty
            ? "nothing in the inventory says which audience the cluster's tokens carry"
            : "the inventory names \(Set(sources.flatMap { $0 }).sorted().joined(separator: ", ")) and no one value is accepted by all"
        findings += china.sorted().map { role in
            Finding(
                .error, "audience-ambiguous", subject: role,
                "\(said) (partition aws-cn: EKS in China uses sts.amazonaws.com, other distributions sts.amazonaws.com.cn): its workloads are not planned rather than guessed, since a wrong audience fails at verify; re-plan with --audience AUD (the aud claim of the cluster's tokens)"
            )
        }
    }
}
