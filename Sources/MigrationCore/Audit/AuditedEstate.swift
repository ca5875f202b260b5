/// The inventory read once for the audit: every trust policy parsed, and the look-ups the
/// checks share (roles by ARN, providers by account and issuer, accounts present).
struct AuditedEstate {
    struct Role {
        let role: IAMRole
        /// The role's account; empty when its ARN does not parse.
        let account: String
        let partition: String
        /// Nil when the role has no trust document or it does not parse.
        let policy: TrustPolicy?
    }

    let inventory: Inventory
    let options: AuditOptions
    /// Sorted by ARN.
    let roles: [Role]
    let roleIndex: [String: Int]
    let accounts: Set<String>
    /// `ACCOUNT|ISSUER` of every listed provider (issuer as `IssuerURL.hostAndPath`); nil when
    /// the source did not list providers.
    let providers: [String: OIDCProvider]?
    /// The `--issuer` values as `hostAndPath`.
    let issuersInUse: Set<String>
    let parseFindings: [AuditFinding]

    init(_ inventory: Inventory, options: AuditOptions) {
        self.inventory = inventory
        self.options = options
        var roles: [Role] = []
        var findings: [AuditFinding] = []
        for role in inventory.roles.sorted(by: { $0.arn < $1.arn }) {
            let arn = ARN(role.arn)
            var policy: TrustPolicy?
            if let text = role.trustPolicyText {
                do {
                    policy = try TrustPolicy(parsing: text)
                } catch {
                    findings.append(
                        AuditFinding(
                            .error, "trust-policy-unparseable", subject: role.arn,
                            "\(error): nothing in it could be audited; fix the document (aws iam get-role shows it)"))
                }
            }
            roles.append(Role(role: role, account: arn?.account ?? "", partition: arn?.partition ?? "aws", policy: policy))
        }
        self.roles = roles
        roleIndex = Dictionary(roles.enumerated().map { ($1.role.arn, $0) }, uniquingKeysWith: { first, _ in first })
        accounts = Set(roles.map(\.account).filter { !$0.isEmpty })
        providers = inventory.oidcProviders.map { list in
            Dictionary(
                list.compactMap { provider in ARN(provider.arn).flatMap { Self.providerKey($0) }.map { ($0, provider) } },
                uniquingKeysWith: { first, _ in first })
        }
        issuersInUse = Set(options.issuers.map(\.hostAndPath))
        parseFindings = findings
    }

    /// `ACCOUNT|HOST/PATH` for an OIDC provider ARN, host lower-cased as IAM compares it.
    static func providerKey(_ arn: ARN) -> String? {
        arn.oidcProviderIssuer.map { "\(arn.account)|\(ConditionKey.normalisedIssuer($0))" }
    }

    func role(_ arn: String) -> Role? {
        roleIndex[arn].map { roles[$0] }
    }

    /// The provider STS would look for when a token of `issuer` is presented for this role.
    func providerARN(for role: Role, issuer: String) -> String {
        "arn:\(role.partition):iam::\(role.account):oidc-provider/\(issuer)"
    }
}

/// A statement that lets web-identity tokens of some OIDC provider assume the role.
struct WebIdentityTrust {
    let statement: TrustStatement
    let ref: StatementRef
    /// Each Federated value that is an OIDC provider ARN, with its issuer (`hostAndPath`).
    let providers: [(arn: ARN, issuer: String)]
}

extension TrustPolicy {
    /// Allow statements whose Federated principal names an OIDC provider and whose actions
    /// cover sts:AssumeRoleWithWebIdentity, in document order.
    var webIdentityTrust: [WebIdentityTrust] {
        statements.enumerated().compactMap { index, statement in
            guard statement.effect == .allow, statement.actions.covers(TrustStatement.webIdentityAction) else { return nil }
            let providers = statement.federatedProviders.compactMap { value -> (arn: ARN, issuer: String)? in
                guard let arn = ARN(value), let issuer = arn.oidcProviderIssuer else { return nil }
                return (arn, ConditionKey.normalisedIssuer(issuer))
            }
            guard !providers.isEmpty else { return nil }
            return WebIdentityTrust(
                statement: statement, ref: StatementRef(index: index, sid: statement.sid), providers: providers)
        }
    }
}

extension TrustStatement {
    /// Positive clauses (StringEquals, StringLike, ... without Not) on `ISSUER:name`.
    func positiveClauses(named name: String, issuer: String) -> [ConditionClause] {
        conditions.filter { clause in
            guard let key = ConditionKey(clause.key), key.name == name, key.issuer.lowercased() == issuer.lowercased() else {
                return false
            }
            return ConditionOperator(clause.operator).isPositiveMatch
        }
    }

    var hasPositiveCondition: Bool {
        conditions.contains { ConditionOperator($0.operator).isPositiveMatch }
    }
}
