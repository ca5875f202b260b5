/// The claims of a web-identity token that a trust policy is evaluated against.
public struct TokenClaims: Sendable, Hashable {
    public var iss: String
    public var sub: String
    public var aud: [String]

    public init(iss: String, sub: String, aud: [String]) {
        self.iss = iss
        self.sub = sub
        self.aud = aud
    }
}

/// The outcome of evaluating a trust policy for one AssumeRoleWithWebIdentity request.
public struct Evaluation: Sendable, Hashable {
    public enum Decision: String, Sendable, Hashable {
        case allowed
        case explicitlyDenied
        case implicitlyDenied
    }

    public var decision: Decision
    /// The statement that decided: the Deny that matched, or else the first Allow that matched.
    public var statementIndex: Int?
    public var statementSid: String?
    /// Why each statement that did not decide did not apply, in document order.
    public var reasons: [String]

    public init(decision: Decision, statementIndex: Int?, statementSid: String?, reasons: [String]) {
        self.decision = decision
        self.statementIndex = statementIndex
        self.statementSid = statementSid
        self.reasons = reasons
    }

    public var isAllowed: Bool { decision == .allowed }
}

extension TrustPolicy {
    /// Whether this policy lets a token with `claims`, presented for the OIDC provider
    /// `provider`, assume the role, evaluated locally because moto does not evaluate trust.
    ///
    /// IAM's rules: Principal must name the provider as Federated or be `"*"` (NotPrincipal
    /// must not name it; a Federated `"*"` is taken to name every provider, erring towards
    /// "allowed" only where IAM would reject the document anyway); Action must cover `sts:AssumeRoleWithWebIdentity`; every condition
    /// clause must hold, with keys compared ignoring case. The request has the keys
    /// `ISSUER:sub` and `ISSUER:aud` (ISSUER from `iss`); every other key (`ISSUER:amr` too)
    /// is absent. A matching Deny wins over any Allow; no matching Allow denies implicitly.
    /// A token whose `iss` is not the provider's issuer is denied, as STS would.
    public func allowsWebIdentity(provider: String, claims: TokenClaims) -> Evaluation {
        let issuer = ConditionKey.normalisedIssuer(Self.strippingScheme(claims.iss))
        guard let providerIssuer = ARN(provider)?.oidcProviderIssuer,
            ConditionKey.normalisedIssuer(providerIssuer) == issuer
        else {
            return Evaluation(
                decision: .implicitlyDenied, statementIndex: nil, statementSid: nil,
                reasons: ["token issuer \(claims.iss) is not the issuer of provider \(provider)"])
        }
        let context: [String: [String]] = [
            (issuer + ":sub").lowercased(): [claims.sub],
            (issuer + ":aud").lowercased(): claims.aud,
        ]
        var reasons: [String] = []
        var allowing: Int?
        for (index, statement) in statements.enumerated() {
            let label = "statement \(index + 1)" + (statement.sid.map { " (\($0))" } ?? "")
            if let reason = statement.whyNotApplicable(provider: provider, context: context) {
                reasons.append("\(label): \(reason)")
            } else if statement.effect == .deny {
                return Evaluation(
                    decision: .explicitlyDenied, statementIndex: index, statementSid: statement.sid, reasons: reasons)
            } else if allowing == nil {
                allowing = index
            }
        }
        guard let allowing else {
            return Evaluation(decision: .implicitlyDenied, statementIndex: nil, statementSid: nil, reasons: reasons)
        }
        return Evaluation(
            decision: .allowed, statementIndex: allowing, statementSid: statements[allowing].sid, reasons: reasons)
    }

    private static func strippingScheme(_ iss: String) -> String {
        IssuerURL.strippingScheme(iss)
    }
}

extension TrustStatement {
    static let webIdentityAction = "sts:AssumeRoleWithWebIdentity"

    /// Nil when the statement applies to the request; otherwise the first reason it does not.
    func whyNotApplicable(provider: String, context: [String: [String]]) -> String? {
        if let principal {
            guard Self.names(principal, provider) else { return "Principal does not name \(provider)" }
        } else if let notPrincipal {
            guard !Self.names(notPrincipal, provider) else { return "NotPrincipal excludes \(provider)" }
        } else {
            return "no Principal"
        }
        guard actions.covers(Self.webIdentityAction) else {
            return "\(actions.kind.rawValue) does not cover \(Self.webIdentityAction)"
        }
        for clause in conditions {
            let holds = ConditionOperator(clause.operator)
                .isSatisfied(values: clause.values, context: context[clause.key.lowercased()])
            guard holds else { return "condition \(clause.operator) \(clause.key) is not satisfied" }
        }
        return nil
    }

    private static func names(_ principal: Principal, _ provider: String) -> Bool {
        guard case .entries = principal else { return true }
        return principal.values(of: .federated).contains { $0 == provider || $0 == "*" }
    }
}
