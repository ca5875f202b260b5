import MigrationCore

/// Small inventories for the audit tests: roles from statement JSON, one issuer `A` in use and
/// an old one `B`; providers are not listed unless a test lists them.
enum AuditFixtures {
    static let account = "111122223333"
    static let issuerA = "oidc.eks.eu-west-1.amazonaws.com/id/AAAA"
    static let issuerB = "oidc.eks.eu-west-1.amazonaws.com/id/BBBB"
    static let kiamServer = "arn:aws:iam::111122223333:role/kiam-server"

    static func provider(_ issuer: String, account: String = account) -> String {
        "arn:aws:iam::\(account):oidc-provider/\(issuer)"
    }

    static func roleARN(_ name: String, account: String = account) -> String {
        "arn:aws:iam::\(account):role/\(name)"
    }

    static func role(_ name: String, account: String = account, _ statements: String...) -> IAMRole {
        IAMRole(
            arn: roleARN(name, account: account), name: name,
            trustPolicyText: #"{"Version":"2012-10-17","Statement":[\#(statements.joined(separator: ","))]}"#)
    }

    /// An IRSA statement; `condition` replaces the usual StringEquals sub + aud block.
    static func irsa(
        _ issuer: String = issuerA, sub: String = "system:serviceaccount:ns:app", sid: String? = nil, condition: String? = nil,
        effect: String = "Allow", account: String = account
    ) -> String {
        let sidMember = sid.map { #""Sid":"\#($0)","# } ?? ""
        let block = condition ?? #"{"StringEquals":{"\#(issuer):sub":"\#(sub)","\#(issuer):aud":"sts.amazonaws.com"}}"#
        return
            #"{\#(sidMember)"Effect":"\#(effect)","Principal":{"Federated":"\#(provider(issuer, account: account))"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":\#(block)}"#
    }

    static let kiam = #"{"Effect":"Allow","Principal":{"AWS":"\#(kiamServer)"},"Action":"sts:AssumeRole"}"#

    static func providers(_ issuers: [String], clientIDs: [String]? = ["sts.amazonaws.com"]) -> [OIDCProvider] {
        issuers.map { OIDCProvider(arn: provider($0), url: $0, clientIDs: clientIDs) }
    }

    static func audit(
        roles: [IAMRole], serviceAccounts: [ServiceAccount] = [], workloads: [Workload] = [],
        providers: [OIDCProvider]? = nil, issuers: [String] = [], agentRoles: [String] = [],
        roleBaseARN: String? = nil
    ) -> AuditReport {
        let inventory = Inventory(
            serviceAccounts: serviceAccounts, workloads: workloads, roles: roles, oidcProviders: providers)
        let options = AuditOptions(
            issuers: issuers.compactMap(IssuerURL.init), roleBaseARN: roleBaseARN, agentRoles: agentRoles)
        return Auditor(options: options).audit(inventory)
    }

    static func serviceAccount(_ namespace: String, _ name: String, role: String?, audience: String? = nil) -> ServiceAccount {
        var annotations: [String: String] = [:]
        annotations["eks.amazonaws.com/role-arn"] = role
        annotations["eks.amazonaws.com/audience"] = audience
        return ServiceAccount(namespace: namespace, name: name, annotations: annotations)
    }
}

extension AuditReport {
    /// `CODE SUBJECT [#N]` per finding, for compact assertions.
    var codes: [String] {
        findings.map { finding in
            "\(finding.severity.rawValue) \(finding.code) \(finding.subject)" + (finding.statement.map { " #\($0.number)" } ?? "")
        }
    }
}
