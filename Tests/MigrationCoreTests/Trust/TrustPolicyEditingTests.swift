import MigrationCore
import XCTest

final class TrustPolicyEditingTests: XCTestCase {
    private let irsaA = TrustFixtures.irsaStatement(subjects: ["system:serviceaccount:a:a"], sid: "Irsa")

    func testAddingToASingleObjectDocumentMakesAnArrayAndKeepsTheOldStatementAsRead() throws {
        let text = #"{"Version":"2012-10-17","Statement":\#(TrustFixtures.kiamStatement)}"#
        let policy = try TrustFixtures.policy(text)
        XCTAssertEqual(policy.adding([]).json.serialized(), text)
        let added = policy.adding([try TrustFixtures.statement(irsaA)])
        XCTAssertEqual(added.json.serialized(), TrustFixtures.document([TrustFixtures.kiamStatement, irsaA]))
        XCTAssertEqual(policy.json.serialized(), text, "the original is a value and does not change")
    }

    func testReplacingOrRemovingInASingleObjectDocument() throws {
        let text = #"{"Version":"2012-10-17","Statement":\#(TrustFixtures.kiamStatement)}"#
        let policy = try TrustFixtures.policy(text)
        let kiam = try TrustFixtures.statement(TrustFixtures.kiamStatement)
        let irsa = try TrustFixtures.statement(irsaA)
        XCTAssertEqual(
            policy.replacing(kiam, with: irsa).json.serialized(), #"{"Version":"2012-10-17","Statement":\#(irsaA)}"#)
        XCTAssertEqual(policy.removing([kiam]).json.serialized(), #"{"Version":"2012-10-17","Statement":[]}"#)
    }

    func testAddedSidsAreMadeUnique() throws {
        let policy = try TrustFixtures.policy(TrustFixtures.document([irsaA, TrustFixtures.kiamStatement]))
        let kiam = try TrustFixtures.statement(TrustFixtures.kiamStatement)
        let irsa = try TrustFixtures.statement(irsaA)
        let added = policy.adding([irsa, irsa, kiam, irsa.withSid(""), irsa.withSid(nil)])
        XCTAssertEqual(added.statements.map(\.sid), ["Irsa", "Kiam", "Irsa2", "Irsa3", "Kiam2", "", nil])
        XCTAssertTrue(added.json.serialized().contains(#"{"Sid":"Irsa3","Effect":"Allow""#))
    }

    func testRemovingEquivalentStatements() throws {
        let policy = try TrustFixtures.policy(
            TrustFixtures.document([TrustFixtures.kiamStatement, irsaA, TrustFixtures.irsaStatement(subjects: ["other"])]))
        let reordered = try TrustFixtures.statement(
            #"{"Action":["STS:AssumeRole"],"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/kiam-server"]}}"#)
        let removed = policy.removing([reordered])
        XCTAssertEqual(
            removed.json.serialized(), TrustFixtures.document([irsaA, TrustFixtures.irsaStatement(subjects: ["other"])]))
        XCTAssertEqual(policy.removing { $0.sid == "Irsa" }.statements.count, 2)
        XCTAssertEqual(policy.removing([try TrustFixtures.statement(TrustFixtures.irsaStatement(subjects: ["x"]))]), policy)
    }

    func testReplacingKeepsThePositionAndTouchesOneStatement() throws {
        let other = TrustFixtures.irsaStatement(subjects: ["other"])
        let policy = try TrustFixtures.policy(TrustFixtures.document([irsaA, TrustFixtures.kiamStatement, irsaA]))
        let new = try TrustFixtures.statement(other).withSid("Kiam")
        let replaced = policy.replacing(try TrustFixtures.statement(irsaA), with: new)
        XCTAssertEqual(replaced.statements.count, 3)
        XCTAssertTrue(replaced.statements[0].isEquivalent(to: new))
        XCTAssertEqual(replaced.statements.map(\.sid), ["Kiam2", "Kiam", "Irsa"])
        XCTAssertEqual(replaced.statements[1...], policy.statements[1...])
        XCTAssertEqual(policy.replacing(new, with: new), policy)
    }

    func testCompactionMergesSameShapeStatementsOnly() throws {
        let statements = [
            TrustFixtures.irsaStatement(subjects: ["system:serviceaccount:b:b"], sid: "First"),
            TrustFixtures.kiamStatement,
            TrustFixtures.irsaStatement(subjects: ["system:serviceaccount:a:a", "system:serviceaccount:c:c"]),
            TrustFixtures.irsaStatement(subjects: ["system:serviceaccount:d:d"], audience: "sts.amazonaws.com.cn"),
            TrustFixtures.irsaStatement(subjects: ["system:serviceaccount:b:b"]),
        ]
        let policy = try TrustFixtures.policy(TrustFixtures.document(statements))
        let compacted = policy.compactingWebIdentity()
        let expected = TrustFixtures.document([
            TrustFixtures.irsaStatement(
                subjects: ["system:serviceaccount:a:a", "system:serviceaccount:b:b", "system:serviceaccount:c:c"], sid: "First"),
            TrustFixtures.kiamStatement,
            TrustFixtures.irsaStatement(subjects: ["system:serviceaccount:d:d"], audience: "sts.amazonaws.com.cn"),
        ])
        XCTAssertEqual(compacted.json.serialized(), expected)
        XCTAssertLessThan(compacted.minifiedSize, policy.minifiedSize)
        XCTAssertEqual(compacted.accessGrants(), policy.accessGrants())
        XCTAssertEqual(compacted.compactingWebIdentity(), compacted)
    }

    func testCompactionLeavesStatementsWithExtraConditionsAlone() throws {
        let extra =
            #"{"Effect":"Allow","Principal":{"Federated":"\#(TrustFixtures.provider)"},"Action":"sts:AssumeRoleWithWebIdentity","#
            + #""Condition":{"StringEquals":{"\#(TrustFixtures.issuer):sub":"s2","\#(TrustFixtures.issuer):aud":"sts.amazonaws.com"},"#
            + #""IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}"#
        let policy = try TrustFixtures.policy(TrustFixtures.document([TrustFixtures.irsaStatement(subjects: ["s1"]), extra]))
        XCTAssertEqual(policy.compactingWebIdentity(), policy)
    }
}
