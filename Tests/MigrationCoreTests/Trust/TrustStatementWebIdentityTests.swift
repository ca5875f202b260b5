import MigrationCore
import XCTest

final class TrustStatementWebIdentityTests: XCTestCase {
    func testBuilderWritesExactlyTheIRSAStatement() throws {
        let statement = TrustStatement.webIdentity(
            provider: TrustFixtures.providerARN, issuer: TrustFixtures.issuerURL, audience: "sts.amazonaws.com",
            subjects: ["system:serviceaccount:b:b", "system:serviceaccount:a:a", "system:serviceaccount:b:b"])
        XCTAssertEqual(
            statement.raw.serialized(),
            TrustFixtures.irsaStatement(subjects: ["system:serviceaccount:a:a", "system:serviceaccount:b:b"]))
        let one = TrustStatement.webIdentity(
            provider: TrustFixtures.providerARN, issuer: TrustFixtures.issuerURL, audience: "sts.amazonaws.com",
            subjects: ["system:serviceaccount:a:a"])
        XCTAssertEqual(one.raw.serialized(), TrustFixtures.irsaStatement(subjects: ["system:serviceaccount:a:a"]))
        XCTAssertNil(one.sid)
    }

    func testBuilderParsedElementsMatchItsText() throws {
        for subjectOperator in SubjectOperator.allCases {
            let built = TrustStatement.webIdentity(
                provider: TrustFixtures.providerARN, issuer: TrustFixtures.issuerURL, audience: "sts.amazonaws.com",
                subjects: ["system:serviceaccount:a:*"], subjectOperator: subjectOperator)
            XCTAssertEqual(try TrustStatement(json: built.raw), built)
        }
    }

    func testStringLikeBuilderKeepsTheAudienceExact() {
        let statement = TrustStatement.webIdentity(
            provider: TrustFixtures.providerARN, issuer: TrustFixtures.issuerURL, audience: "sts.amazonaws.com",
            subjects: ["system:serviceaccount:a:*"], subjectOperator: .stringLike)
        XCTAssertTrue(
            statement.raw.serialized().hasSuffix(
                #""Condition":{"StringLike":{"\#(TrustFixtures.issuer):sub":"system:serviceaccount:a:*"},"#
                    + #""StringEquals":{"\#(TrustFixtures.issuer):aud":"sts.amazonaws.com"}}}"#))
        XCTAssertEqual(statement.webIdentityShape?.subjectOperator, "StringLike")
        XCTAssertEqual(statement.webIdentityShape?.audienceOperator, "StringEquals")
    }

    func testShapeOfASimpleStatement() throws {
        let statement = try TrustFixtures.statement(TrustFixtures.irsaStatement(subjects: ["s2", "s1"], sid: "X"))
        XCTAssertEqual(
            statement.webIdentityShape,
            WebIdentityShape(
                provider: TrustFixtures.provider, issuer: TrustFixtures.issuer, audiences: ["sts.amazonaws.com"],
                subjects: ["s1", "s2"], subjectOperator: "StringEquals", audienceOperator: "StringEquals"))
    }

    func testNoShapeForAnythingElse() throws {
        let p = TrustFixtures.provider
        let i = TrustFixtures.issuer
        let notSimple = [
            TrustFixtures.kiamStatement,
            #"{"Effect":"Deny","Principal":{"Federated":"\#(p)"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"\#(i):sub":"s"}}}"#,
            #"{"Effect":"Allow","Principal":{"Federated":["\#(p)","x"]},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"\#(i):sub":"s"}}}"#,
            #"{"Effect":"Allow","Principal":{"Federated":"\#(p)"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"],"Condition":{"StringEquals":{"\#(i):sub":"s"}}}"#,
            #"{"Effect":"Allow","Principal":{"Federated":"\#(p)"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"\#(i):aud":"a"}}}"#,
            #"{"Effect":"Allow","Principal":{"Federated":"\#(p)"},"Action":"sts:AssumeRoleWithWebIdentity"}"#,
            #"{"Effect":"Allow","Principal":{"Federated":"\#(p)"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringNotEquals":{"\#(i):sub":"s"}}}"#,
            #"{"Effect":"Allow","Principal":{"Federated":"\#(p)"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"other.example/x:sub":"s"}}}"#,
            #"{"Effect":"Allow","Principal":{"Federated":"\#(p)"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"\#(i):sub":"s","\#(i):amr":"x"}}}"#,
            #"{"Effect":"Allow","Principal":{"Federated":"\#(p)"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"\#(i):sub":"s"}},"Resource":"*"}"#,
        ]
        for text in notSimple {
            XCTAssertNil(try TrustFixtures.statement(text).webIdentityShape, text)
        }
    }

    func testMergingSubjectsKeepsSidAndOrder() throws {
        let statement = try TrustFixtures.statement(TrustFixtures.irsaStatement(subjects: ["s3"], sid: "Keep"))
        XCTAssertEqual(
            statement.mergingSubjects(["s1", "s3"]).raw.serialized(),
            TrustFixtures.irsaStatement(subjects: ["s1", "s3"], sid: "Keep"))
        XCTAssertEqual(statement.mergingSubjects(["s3"]).raw.serialized(), statement.raw.serialized())
        let unsortedArray = try TrustFixtures.statement(TrustFixtures.irsaStatement(subjects: ["s2", "s1"]))
        XCTAssertEqual(unsortedArray.mergingSubjects(["s1"]), unsortedArray, "nothing new: unchanged text")
        XCTAssertEqual(
            unsortedArray.mergingSubjects(["s0"]).raw.serialized(), TrustFixtures.irsaStatement(subjects: ["s0", "s1", "s2"]))
        let kiam = try TrustFixtures.statement(TrustFixtures.kiamStatement)
        XCTAssertEqual(kiam.mergingSubjects(["s1"]), kiam)
    }
}
