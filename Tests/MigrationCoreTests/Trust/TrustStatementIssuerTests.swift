import XCTest

@testable import MigrationCore

final class TrustStatementIssuerTests: XCTestCase {
    private let old = TrustFixtures.issuer
    private let new = TrustFixtures.newIssuer

    private func rewrite(_ text: String) throws -> String {
        try TrustFixtures.statement(text).rewritingIssuer(
            from: TrustFixtures.issuerURL, to: TrustFixtures.newIssuerURL, newProvider: TrustFixtures.newProviderARN
        ).raw.serialized()
    }

    func testRewritesProviderAndKeysAndDropsTheSid() throws {
        let rewritten = try rewrite(TrustFixtures.irsaStatement(subjects: ["s1", "s2"], sid: "Old"))
        XCTAssertEqual(rewritten, TrustFixtures.irsaStatement(subjects: ["s1", "s2"]).replacingOccurrences(of: old, with: new))
    }

    func testRewritesKeysUnderEveryOperatorFamily() throws {
        let operators = [
            "StringEquals", "StringLike", "StringNotEquals", "StringNotLike", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "ForAnyValue:StringLike", "ForAllValues:StringEquals", "StringLikeIfExists",
            "ForAnyValue:StringNotEqualsIfExists", "Null",
        ]
        for op in operators {
            let text =
                #"{"Effect":"Allow","Principal":{"Federated":"\#(TrustFixtures.provider)"},"Action":"sts:AssumeRoleWithWebIdentity","#
                + #""Condition":{"\#(op)":{"\#(old):sub":"v","\#(old):amr":"x","\#(old)/extra:sub":"y","aws:PrincipalTag/t":"z"}}}"#
            let expected =
                #"{"Effect":"Allow","Principal":{"Federated":"\#(TrustFixtures.newProvider)"},"Action":"sts:AssumeRoleWithWebIdentity","#
                + #""Condition":{"\#(op)":{"\#(new):sub":"v","\#(new):amr":"x","\#(old)/extra:sub":"y","aws:PrincipalTag/t":"z"}}}"#
            XCTAssertEqual(try rewrite(text), expected, op)
        }
    }

    func testHostMatchesIgnoringCase() throws {
        let upper = "OIDC.EKS.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
        let text =
            #"{"Effect":"Allow","Principal":{"Federated":["arn:aws:iam::111122223333:oidc-provider/\#(upper)"]},"#
            + #""Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"\#(upper):sub":"v"}}}"#
        XCTAssertEqual(
            try rewrite(text),
            #"{"Effect":"Allow","Principal":{"Federated":["\#(TrustFixtures.newProvider)"]},"#
                + #""Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"\#(new):sub":"v"}}}"#)
    }

    /// A key IAM never applies (`https://ISSUER:sub`, `ISSUER/:sub`) keeps its spelling in the
    /// copy: a dead Deny must not become one that denies.
    func testKeysThatNeverMatchStaySpelledSo() throws {
        let text =
            #"{"Effect":"Deny","Principal":{"Federated":"\#(TrustFixtures.provider)"},"Action":"sts:AssumeRoleWithWebIdentity","#
            + #""Condition":{"StringLike":{"https://\#(old):sub":"a","\#(old)/:sub":"b","HTTPS://\#(old)/:aud":"c"}}}"#
        let expected =
            #"{"Effect":"Deny","Principal":{"Federated":"\#(TrustFixtures.newProvider)"},"Action":"sts:AssumeRoleWithWebIdentity","#
            + #""Condition":{"StringLike":{"https://\#(new):sub":"a","\#(new)/:sub":"b","HTTPS://\#(new)/:aud":"c"}}}"#
        XCTAssertEqual(try rewrite(text), expected)
    }

    func testSplitsAMixedFederatedArray() throws {
        let other = "arn:aws:iam::111122223333:oidc-provider/other.example.com"
        let text =
            #"{"Sid":"Both","Effect":"Allow","Principal":{"Federated":["\#(TrustFixtures.provider)","\#(other)"]},"#
            + #""Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"\#(old):sub":"*"}}}"#
        let statement = try TrustFixtures.statement(text)
        let split = try XCTUnwrap(statement.splittingFederated(provider: TrustFixtures.provider))
        XCTAssertEqual(
            split.matching.raw.serialized(),
            #"{"Effect":"Allow","Principal":{"Federated":"\#(TrustFixtures.provider)"},"#
                + #""Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"\#(old):sub":"*"}}}"#)
        XCTAssertEqual(
            split.rest.raw.serialized(),
            #"{"Sid":"Both","Effect":"Allow","Principal":{"Federated":["\#(other)"]},"#
                + #""Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"\#(old):sub":"*"}}}"#)
        XCTAssertNil(split.matching.splittingFederated(provider: TrustFixtures.provider))
        XCTAssertNil(statement.splittingFederated(provider: "arn:aws:iam::1:oidc-provider/absent"))
        let withAWS = try TrustFixtures.statement(
            #"{"Effect":"Allow","Principal":{"AWS":"a","Federated":"\#(TrustFixtures.provider)"},"Action":"*"}"#)
        XCTAssertEqual(
            withAWS.splittingFederated(provider: TrustFixtures.provider)?.rest.raw.serialized(),
            #"{"Effect":"Allow","Principal":{"AWS":"a"},"Action":"*"}"#)
    }

    func testRequiresClaimOnlyForOperatorsThatFailOnAnAbsentKey() throws {
        func statement(_ op: String, _ key: String = "\(TrustFixtures.issuer):sub") throws -> TrustStatement {
            try TrustFixtures.statement(
                #"{"Effect":"Allow","Principal":{"Federated":"p"},"Action":"sts:AssumeRoleWithWebIdentity","#
                    + #""Condition":{"\#(op)":{"\#(key)":"v"}}}"#)
        }
        let issuer = TrustFixtures.issuerURL
        for op in ["StringEquals", "StringLike", "ForAnyValue:StringLike", "StringEqualsIgnoreCase"] {
            XCTAssertTrue(try statement(op).requiresClaim(of: issuer), op)
        }
        for op in ["StringNotEquals", "StringLikeIfExists", "ForAllValues:StringEquals", "Null"] {
            XCTAssertFalse(try statement(op).requiresClaim(of: issuer), op)
        }
        XCTAssertFalse(try statement("StringEquals", "\(TrustFixtures.newIssuer):sub").requiresClaim(of: issuer))
        XCTAssertFalse(try statement("StringEquals", "aws:PrincipalTag/t").requiresClaim(of: issuer))
    }

    func testIssuerQueries() throws {
        let text =
            #"{"Effect":"Allow","Principal":{"Federated":["p1","p2"]},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"#
            + #""StringNotEquals":{"\#(new):sub":"x"},"Null":{"third.example.com:sub":"false"},"#
            + #""StringLike":{"\#(old.uppercased()):SUB":"s","saml:aud":"x","sts:ExternalId":"y","Other.Example.com/p:amr":"z"}}}"#
        let statement = try TrustFixtures.statement(text)
        XCTAssertEqual(statement.federatedProviders, ["p1", "p2"])
        XCTAssertTrue(statement.hasSubjectCondition(forIssuer: TrustFixtures.issuerURL))
        XCTAssertFalse(statement.hasSubjectCondition(forIssuer: TrustFixtures.newIssuerURL), "a Not form does not scope")
        XCTAssertFalse(statement.hasSubjectCondition(forIssuer: IssuerURL("third.example.com")!), "Null does not scope")
        XCTAssertEqual(
            statement.conditionIssuers,
            [new, "third.example.com", "other.example.com/p", IssuerURL(old.uppercased())!.hostAndPath])
    }

    /// The shortcut for texts already in normal form gives what parsing gives, for texts it
    /// takes and texts it leaves to `IssuerURL`.
    func testNormalisedIssuerAgreesWithIssuerURL() {
        let texts = [
            "oidc.eks.eu-west-1.amazonaws.com/id/ABC", "OIDC.eks.eu-west-1.amazonaws.com/id/ABC",
            "https://oidc.example.com/id/X", "oidc.example.com/id/X/", " oidc.example.com", "oidc.example.com/a b",
            "oidc.example.com:443/x", "oidc.example.com/id/Ab", "bad*host/x", "host/../x", "host//x", "", "/", "aws",
            "token.actions.githubusercontent.com", "a.b/c?d", "example.com/\u{e9}",
        ]
        for text in texts {
            XCTAssertEqual(ConditionKey.normalisedIssuer(text), IssuerURL(text)?.hostAndPath ?? text, text)
        }
    }
}
