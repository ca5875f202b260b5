import MigrationCore
import XCTest

final class TrustEvaluationTests: XCTestCase {
    private let i = TrustFixtures.issuer
    private let subject = "system:serviceaccount:ns:sa"
    private var claims: TokenClaims {
        TokenClaims(iss: "https://\(TrustFixtures.issuer)", sub: subject, aud: ["sts.amazonaws.com"])
    }

    private func evaluate(
        condition: String, claims: TokenClaims? = nil, principal: String = #"{"Federated":"\#(TrustFixtures.provider)"}"#,
        action: String = #""Action":"sts:AssumeRoleWithWebIdentity""#
    ) throws -> Evaluation {
        let text =
            #"{"Statement":{"Sid":"Only","Effect":"Allow","Principal":\#(principal),\#(action),"Condition":\#(condition)}}"#
        return try TrustFixtures.policy(text).allowsWebIdentity(provider: TrustFixtures.provider, claims: claims ?? self.claims)
    }

    private func check(_ table: [(String, Bool)], claims: TokenClaims? = nil, line: UInt = #line) throws {
        for (condition, expected) in table {
            let evaluation = try evaluate(condition: condition, claims: claims)
            XCTAssertEqual(evaluation.isAllowed, expected, condition, line: line)
            XCTAssertEqual(evaluation.decision, expected ? .allowed : .implicitlyDenied, condition, line: line)
        }
    }

    func testStringOperators() throws {
        let upper = subject.uppercased()
        try check([
            (#"{"StringEquals":{"\#(i):sub":"\#(subject)"}}"#, true),
            (#"{"StringEquals":{"\#(i):sub":"system:serviceaccount:ns:other"}}"#, false),
            (#"{"StringEquals":{"\#(i):sub":["system:serviceaccount:ns:other","\#(subject)"]}}"#, true),
            (#"{"StringEquals":{"\#(i):sub":"\#(upper)"}}"#, false),
            (#"{"stringequals":{"\#(i):sub":"\#(subject)"}}"#, true),
            (#"{"StringNotEquals":{"\#(i):sub":"system:serviceaccount:ns:other"}}"#, true),
            (#"{"StringNotEquals":{"\#(i):sub":"\#(subject)"}}"#, false),
            (#"{"StringEqualsIgnoreCase":{"\#(i):sub":"\#(upper)"}}"#, true),
            (#"{"StringNotEqualsIgnoreCase":{"\#(i):sub":"\#(upper)"}}"#, false),
            (#"{"StringLike":{"\#(i):sub":"system:serviceaccount:ns:*"}}"#, true),
            (#"{"StringLike":{"\#(i):sub":"system:serviceaccount:n?:sa"}}"#, true),
            (#"{"StringLike":{"\#(i):sub":"system:serviceaccount:ns:s"}}"#, false),
            (#"{"StringLike":{"\#(i):sub":"system:serviceaccount:NS:*"}}"#, false),
            (#"{"StringLike":{"\#(i):sub":"system:serviceaccount:other:*"}}"#, false),
            (#"{"StringNotLike":{"\#(i):sub":"*:ns:*"}}"#, false),
            (#"{"StringNotLike":{"\#(i):sub":"*:other:*"}}"#, true),
            (#"{"StringLike":{"\#(i):sub":"*"}}"#, true),
            (#"{"StringLike":{"\#(i):sub":"**:sa*"}}"#, true),
            (#"{"StringLike":{"\#(i):sub":"*:s"}}"#, false),
            (#"{"StringLike":{"\#(i):sub":"system:serviceaccount:ns:sa?"}}"#, false),
            (#"{"StringLike":{"\#(i):sub":""}}"#, false),
        ])
    }

    func testKeysCompareIgnoringCaseAndAreANDed() throws {
        try check([
            (#"{"StringEquals":{"\#(i.uppercased()):SUB":"\#(subject)"}}"#, true),
            (#"{"StringEquals":{"\#(i):sub":"\#(subject)","\#(i):aud":"other"}}"#, false),
            (#"{"StringEquals":{"\#(i):sub":"\#(subject)"},"StringNotEquals":{"\#(i):aud":"sts.amazonaws.com"}}"#, false),
            (#"{"StringEquals":{"\#(i):sub":"\#(subject)"},"StringLike":{"\#(i):aud":"sts.*"}}"#, true),
        ])
    }

    func testAbsentKeysIfExistsAndNull() throws {
        try check([
            (#"{"StringEquals":{"\#(i):amr":"x"}}"#, false),
            (#"{"StringEqualsIfExists":{"\#(i):amr":"x"}}"#, true),
            (#"{"StringNotEquals":{"\#(i):amr":"x"}}"#, true),
            (#"{"StringLike":{"aws:SourceIp":"*"}}"#, false),
            (#"{"StringLikeIfExists":{"aws:SourceIp":"10.*"}}"#, true),
            (#"{"StringEqualsIfExists":{"\#(i):sub":"system:serviceaccount:ns:other"}}"#, false),
            (#"{"Null":{"\#(i):amr":"true"}}"#, true),
            (#"{"Null":{"\#(i):amr":"false"}}"#, false),
            (#"{"Null":{"\#(i):sub":"false"}}"#, true),
            (#"{"Null":{"\#(i):sub":true}}"#, false),
            (#"{"NumericLessThan":{"\#(i):sub":"5"}}"#, false),
            (#"{"NumericLessThanIfExists":{"\#(i):amr":"5"}}"#, true),
        ])
    }

    func testSetOperators() throws {
        let twoAudiences = TokenClaims(iss: claims.iss, sub: subject, aud: ["sts.amazonaws.com", "other"])
        try check(
            [
                (#"{"ForAnyValue:StringEquals":{"\#(i):aud":"other"}}"#, true),
                (#"{"ForAnyValue:StringEquals":{"\#(i):aud":"third"}}"#, false),
                (#"{"ForAllValues:StringEquals":{"\#(i):aud":["other","sts.amazonaws.com"]}}"#, true),
                (#"{"ForAllValues:StringEquals":{"\#(i):aud":"sts.amazonaws.com"}}"#, false),
                (#"{"ForAllValues:StringEquals":{"\#(i):amr":"x"}}"#, true),
                (#"{"ForAnyValue:StringEquals":{"\#(i):amr":"x"}}"#, false),
                (#"{"ForAnyValue:StringLikeIfExists":{"\#(i):amr":"x"}}"#, true),
                (#"{"ForAnyValue:StringNotEquals":{"\#(i):aud":"other"}}"#, true),
                (#"{"ForAllValues:StringNotEquals":{"\#(i):aud":"other"}}"#, false),
                (#"{"StringEquals":{"\#(i):aud":"other"}}"#, true),
                (#"{"StringNotEquals":{"\#(i):aud":"other"}}"#, false),
            ], claims: twoAudiences)
    }

    func testArnOperators() throws {
        let arnSubject = TokenClaims(iss: claims.iss, sub: "arn:aws:iam::111122223333:role/app", aud: claims.aud)
        try check(
            [
                (#"{"ArnLike":{"\#(i):sub":"arn:aws:iam::*:role/*"}}"#, true),
                (#"{"ArnEquals":{"\#(i):sub":"arn:aws:iam::111122223333:role/app"}}"#, true),
                (#"{"ArnLike":{"\#(i):sub":"arn:aws:iam::222233334444:role/*"}}"#, false),
                (#"{"ArnLike":{"\#(i):sub":"arn:aws:iam::*:role/APP"}}"#, false),
                (#"{"ArnNotLike":{"\#(i):sub":"arn:aws:iam::111122223333:*"}}"#, false),
                (#"{"ArnNotEquals":{"\#(i):sub":"arn:aws:iam::111122223333:role/other"}}"#, true),
                (#"{"ArnLike":{"aws:SourceArn":"*"}}"#, false),
                (#"{"ArnNotEquals":{"aws:SourceArn":"arn:aws:s3:::b"}}"#, true),
                (#"{"ArnLikeIfExists":{"aws:SourceArn":"arn:aws:s3:::b"}}"#, true),
            ], claims: arnSubject)
    }

    func testPrincipalAndAction() throws {
        let condition = #"{"StringEquals":{"\#(i):sub":"\#(subject)"}}"#
        let table: [(String, String, Bool)] = [
            (#""*""#, #""Action":"sts:AssumeRoleWithWebIdentity""#, true),
            (#"{"Federated":["x","\#(TrustFixtures.provider)"]}"#, #""Action":"STS:ASSUMEROLEWITHWEBIDENTITY""#, true),
            (#"{"Federated":"\#(TrustFixtures.newProvider)"}"#, #""Action":"sts:AssumeRoleWithWebIdentity""#, false),
            (#"{"AWS":"\#(TrustFixtures.provider)"}"#, #""Action":"sts:AssumeRoleWithWebIdentity""#, false),
            (#"{"Federated":"\#(TrustFixtures.provider)"}"#, #""Action":"sts:AssumeRole*""#, true),
            (#"{"Federated":"\#(TrustFixtures.provider)"}"#, #""Action":["sts:AssumeRole","sts:TagSession"]"#, false),
            (#"{"Federated":"\#(TrustFixtures.provider)"}"#, #""Action":"*""#, true),
            (#"{"Federated":"\#(TrustFixtures.provider)"}"#, #""NotAction":"sts:AssumeRole""#, true),
            (#"{"Federated":"\#(TrustFixtures.provider)"}"#, #""NotAction":"sts:*""#, false),
        ]
        for (principal, action, expected) in table {
            let evaluation = try evaluate(condition: condition, principal: principal, action: action)
            XCTAssertEqual(evaluation.isAllowed, expected, "\(principal) \(action)")
        }
        let excluded = try TrustFixtures.policy(
            #"{"Statement":[{"Effect":"Allow","NotPrincipal":{"Federated":"\#(TrustFixtures.provider)"},"Action":"*"}]}"#)
        XCTAssertFalse(excluded.allowsWebIdentity(provider: TrustFixtures.provider, claims: claims).isAllowed)
        let notExcluded = try TrustFixtures.policy(
            #"{"Statement":[{"Effect":"Allow","NotPrincipal":{"Federated":"other"},"Action":"*"}]}"#)
        XCTAssertTrue(notExcluded.allowsWebIdentity(provider: TrustFixtures.provider, claims: claims).isAllowed)
    }

    func testEKSDocumentAllowsItsSubjectAndSaysWhyNotOtherwise() throws {
        let policy = try TrustFixtures.policy(TrustFixtures.eksDocument)
        let good = TokenClaims(
            iss: "https://\(i)", sub: "system:serviceaccount:default:my-service-account", aud: ["sts.amazonaws.com"])
        let allowed = policy.allowsWebIdentity(provider: TrustFixtures.provider, claims: good)
        XCTAssertEqual(allowed, Evaluation(decision: .allowed, statementIndex: 0, statementSid: nil, reasons: []))

        var wrongAudience = good
        wrongAudience.aud = ["sts.amazonaws.com.cn"]
        let audience = policy.allowsWebIdentity(provider: TrustFixtures.provider, claims: wrongAudience)
        XCTAssertEqual(audience.decision, .implicitlyDenied)
        XCTAssertEqual(audience.reasons, ["statement 1: condition StringEquals \(i):aud is not satisfied"])

        var newIssuer = good
        newIssuer.iss = "https://\(TrustFixtures.newIssuer)"
        let provider = policy.allowsWebIdentity(provider: TrustFixtures.newProvider, claims: newIssuer)
        XCTAssertEqual(provider.reasons, ["statement 1: Principal does not name \(TrustFixtures.newProvider)"])
        let mismatch = policy.allowsWebIdentity(provider: TrustFixtures.provider, claims: newIssuer)
        XCTAssertFalse(mismatch.isAllowed)
        XCTAssertEqual(mismatch.reasons.count, 1)
        XCTAssertTrue(mismatch.reasons[0].hasPrefix("token issuer https://\(TrustFixtures.newIssuer) is not"))
    }

    func testExplicitDenyWins() throws {
        let deny =
            #"{"Sid":"NoDefault","Effect":"Deny","Principal":"*","Action":"sts:*","#
            + #""Condition":{"StringLike":{"\#(i):sub":"system:serviceaccount:default:*"}}}"#
        let policy = try TrustFixtures.policy(
            TrustFixtures.document([
                TrustFixtures.irsaStatement(subjects: ["system:serviceaccount:default:a", subject], sid: "Apps"), deny,
            ]))
        let denied = policy.allowsWebIdentity(
            provider: TrustFixtures.provider,
            claims: TokenClaims(iss: claims.iss, sub: "system:serviceaccount:default:a", aud: ["sts.amazonaws.com"]))
        XCTAssertEqual(denied.decision, .explicitlyDenied)
        XCTAssertEqual(denied.statementIndex, 1)
        XCTAssertEqual(denied.statementSid, "NoDefault")
        let allowed = policy.allowsWebIdentity(provider: TrustFixtures.provider, claims: claims)
        XCTAssertEqual(allowed.decision, .allowed)
        XCTAssertEqual(allowed.statementSid, "Apps")
        XCTAssertEqual(allowed.reasons, [#"statement 2 (NoDefault): condition StringLike \#(i):sub is not satisfied"#])
    }

    func testIssuerMoveCopyAllowsTheNewIssuer() throws {
        let policy = try TrustFixtures.policy(TrustFixtures.eksDocument)
        let copy = policy.statements[0].rewritingIssuer(
            from: TrustFixtures.issuerURL, to: TrustFixtures.newIssuerURL, newProvider: TrustFixtures.newProviderARN)
        let dual = policy.adding([copy])
        for (issuer, provider) in [(i, TrustFixtures.provider), (TrustFixtures.newIssuer, TrustFixtures.newProvider)] {
            let token = TokenClaims(
                iss: "https://\(issuer)", sub: "system:serviceaccount:default:my-service-account", aud: ["sts.amazonaws.com"])
            XCTAssertTrue(dual.allowsWebIdentity(provider: provider, claims: token).isAllowed, issuer)
        }
    }
}
