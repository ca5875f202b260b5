import MigrationCore
import XCTest

/// Documents and values shared by the trust tests.
enum TrustFixtures {
    static let issuer = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
    static let provider = "arn:aws:iam::111122223333:oidc-provider/\(issuer)"
    static let newIssuer = "oidc.eks.eu-west-1.amazonaws.com/id/NEWCLUSTER0000000000000000000000"
    static let newProvider = "arn:aws:iam::111122223333:oidc-provider/\(newIssuer)"

    /// A minified EKS IRSA trust document as the EKS guide writes it.
    static let eksDocument =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"\#(provider)"},"#
        + #""Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"\#(issuer):sub":"#
        + #""system:serviceaccount:default:my-service-account","\#(issuer):aud":"sts.amazonaws.com"}}}]}"#

    /// A kiam application role: trusts the kiam server role.
    static let kiamStatement =
        #"{"Sid":"Kiam","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/kiam-server"},"#
        + #""Action":"sts:AssumeRole"}"#

    static func irsaStatement(subjects: [String], sid: String? = nil, audience: String = "sts.amazonaws.com") -> String {
        let sub = subjects.count == 1 ? "\"\(subjects[0])\"" : "[" + subjects.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        let sidMember = sid.map { "\"Sid\":\"\($0)\"," } ?? ""
        return #"{\#(sidMember)"Effect":"Allow","Principal":{"Federated":"\#(provider)"},"#
            + #""Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"\#(issuer):sub":\#(sub),"#
            + #""\#(issuer):aud":"\#(audience)"}}}"#
    }

    static func document(_ statements: [String]) -> String {
        #"{"Version":"2012-10-17","Statement":[\#(statements.joined(separator: ","))]}"#
    }

    static func policy(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> TrustPolicy {
        do {
            return try TrustPolicy(parsing: text)
        } catch {
            XCTFail("\(error)", file: file, line: line)
            throw error
        }
    }

    static func statement(_ text: String) throws -> TrustStatement {
        try TrustStatement(json: JSONValue(parsing: text))
    }

    static let providerARN = ARN(provider)!
    static let issuerURL = IssuerURL(issuer)!
    static let newProviderARN = ARN(newProvider)!
    static let newIssuerURL = IssuerURL(newIssuer)!
}
