import MigrationCore
import XCTest

final class AccessGrantTests: XCTestCase {
    private func grants(_ statements: [String]) throws -> Set<AccessGrant> {
        try TrustFixtures.policy(TrustFixtures.document(statements)).accessGrants()
    }

    func testMergedAndSplitSubjectsGiveTheSameGrants() throws {
        let merged = try grants([TrustFixtures.irsaStatement(subjects: ["s1", "s2", "s3"], sid: "A")])
        let split = try grants([
            TrustFixtures.irsaStatement(subjects: ["s2"]), TrustFixtures.irsaStatement(subjects: ["s1", "s3", "s1"]),
        ])
        XCTAssertEqual(merged, split)
        XCTAssertEqual(merged.count, 3)
        XCTAssertEqual(
            merged.sorted().first?.description,
            "Allow Federated:\(TrustFixtures.provider) sts:assumerolewithwebidentity "
                + "[stringequals \(TrustFixtures.issuer.lowercased()):sub=s1, "
                + "stringequals \(TrustFixtures.issuer.lowercased()):aud=sts.amazonaws.com] {}")
    }

    func testBroadeningOrNarrowingChangesTheGrants() throws {
        let p = TrustFixtures.provider
        let i = TrustFixtures.issuer
        let base = try grants([TrustFixtures.irsaStatement(subjects: ["s1", "s2"])])
        let wildcard = try grants([
            TrustFixtures.irsaStatement(subjects: ["s1", "s2"]),
            #"{"Effect":"Allow","Principal":{"Federated":"\#(p)"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"\#(i):sub":"*","\#(i):aud":"sts.amazonaws.com"}}}"#,
        ])
        let unscoped = try grants([
            #"{"Effect":"Allow","Principal":{"Federated":"\#(p)"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"\#(i):aud":"sts.amazonaws.com"}}}"#
        ])
        let narrower = try grants([TrustFixtures.irsaStatement(subjects: ["s1"])])
        let otherAudience = try grants([TrustFixtures.irsaStatement(subjects: ["s1", "s2"], audience: "other")])
        XCTAssertNotEqual(base, wildcard)
        XCTAssertTrue(base.isStrictSubset(of: wildcard))
        XCTAssertNotEqual(base, unscoped)
        XCTAssertTrue(unscoped.allSatisfy(\.subject.isEmpty), "no :sub condition: no subject")
        XCTAssertFalse(base.contains(where: \.subject.isEmpty))
        XCTAssertNotEqual(base, narrower)
        XCTAssertNotEqual(base, otherAudience)
    }

    func testOtherConditionsAndNegatedSubjectsStayInTheGrant() throws {
        let p = TrustFixtures.provider
        let i = TrustFixtures.issuer
        let grants = try grants([
            #"{"Effect":"Deny","Principal":{"Federated":"\#(p)"},"NotAction":["b","a"],"Condition":{"StringNotEquals":{"\#(i):sub":"x"},"StringEquals":{"\#(i):sub":["s1","s2"]}}}"#
        ])
        XCTAssertEqual(grants.count, 2)
        for grant in grants {
            XCTAssertEqual(grant.effect, .deny)
            XCTAssertEqual(grant.action, #"not:["a","b"]"#)
            XCTAssertEqual(grant.otherConditions, #"stringnotequals|\#(i.lowercased()):sub|["x"]"#)
            XCTAssertTrue(grant.audience.isEmpty)
        }
    }

    func testEachPrincipalAndActionIsAnAtom() throws {
        let grants = try grants([
            #"{"Effect":"Allow","Principal":{"AWS":["r1","r2"],"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}"#
        ])
        XCTAssertEqual(grants.count, 6)
        XCTAssertEqual(Set(grants.map(\.principal)), ["AWS:r1", "AWS:r2", "Service:ec2.amazonaws.com"])
        XCTAssertEqual(Set(grants.map(\.action)), ["sts:assumerole", "sts:tagsession"])
    }
}
