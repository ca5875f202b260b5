/// The audience a role's new-issuer tokens carry: what verify mints tokens for and what the
/// new provider needs as a client id when the old provider's are unknown.
extension DualTrustPlanner {
    /// `--audience` when given; else an audience every source accepts: each copy's `:aud`
    /// values (ORed: any of them will do) and each `eks.amazonaws.com/audience` annotation of
    /// the role's service accounts, `sts.amazonaws.com` when it is one of them; with no source,
    /// `sts.amazonaws.com` outside China. Nil, with an error on the role, when no single value
    /// is accepted by all, or nothing says in `aws-cn` (EKS in China uses `sts.amazonaws.com`,
    /// other distributions `sts.amazonaws.com.cn`): a guess would fail at verify.
    func audience(of copies: [TrustStatement], role: IAMRole, partition: String, findings: inout [Finding]) -> String? {
        if options.audienceGiven { return options.audience }
        let key = (options.to.hostAndPath + ":aud").lowercased()
        var sources: [Set<String>] = copies.filter { $0.effect == .allow }.compactMap { statement in
            let values = statement.conditions.filter {
                $0.key.lowercased() == key && ConditionOperator($0.operator).isPositiveMatch
            }.flatMap(\.values).filter { !$0.hasWildcard }
            return values.isEmpty ? nil : Set(values)
        }
        sources += (annotatedAudiences[role.arn] ?? []).map { [$0] }
        guard let first = sources.first else {
            if partition != "aws-cn" { return Annotations.defaultAudience }
            findings.append(
                ambiguous(role, "nothing in the inventory says which audience its tokens carry (partition \(partition))"))
            return nil
        }
        let accepted = sources.dropFirst().reduce(first) { $0.intersection($1) }
        if accepted.contains(Annotations.defaultAudience) { return Annotations.defaultAudience }
        if accepted.count == 1, let only = accepted.first { return only }
        let named = Set(sources.flatMap { $0 }).sorted().joined(separator: ", ")
        findings.append(
            ambiguous(
                role,
                "its statements' :aud conditions and its service accounts' \(Annotations.irsaAudience) annotations name \(named), and no one value is accepted by all"
            ))
        return nil
    }

    private func ambiguous(_ role: IAMRole, _ said: String) -> Finding {
        Finding(
            .error, "audience-ambiguous", subject: role.arn,
            "\(said): not planned rather than guessed, since a wrong audience fails at verify; re-plan with --audience AUD (the aud claim of the cluster's tokens)"
        )
    }
}
