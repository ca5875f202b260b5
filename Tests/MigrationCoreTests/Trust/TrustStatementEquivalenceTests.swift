import MigrationCore
import XCTest

final class TrustStatementEquivalenceTests: XCTestCase {
    private func assertEquivalent(_ lhs: String, _ rhs: String, _ expected: Bool, line: UInt = #line) throws {
        let left = try TrustFixtures.statement(lhs)
        let right = try TrustFixtures.statement(rhs)
        XCTAssertEqual(left.isEquivalent(to: right), expected, line: line)
        XCTAssertEqual(right.isEquivalent(to: left), expected, line: line)
    }

    func testArrayVersusSingleValue() throws {
        try assertEquivalent(
            #"{"Effect":"Allow","Principal":{"Federated":"p"},"Action":"a:B","Condition":{"StringEquals":{"k":"v"}}}"#,
            #"{"Effect":"Allow","Principal":{"Federated":["p"]},"Action":["a:B"],"Condition":{"StringEquals":{"k":["v"]}}}"#,
            true)
    }

    func testKeyOrderSidAndDuplicateValuesAreIgnored() throws {
        try assertEquivalent(
            #"{"Sid":"One","Effect":"Allow","Principal":{"AWS":["x","y"],"Federated":"p"},"Action":["a","b"],"Condition":{"StringEquals":{"k":["v","w"],"j":"u"}}}"#,
            #"{"Condition":{"StringEquals":{"j":"u","k":["w","v","v"]}},"Action":["b","a","a"],"Principal":{"Federated":"p","AWS":["y","x"]},"Effect":"Allow"}"#,
            true)
    }

    func testActionOperatorAndConditionKeyCaseAreIgnored() throws {
        try assertEquivalent(
            #"{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"Issuer.Example/ID:sub":"v"}}}"#,
            #"{"Effect":"Allow","Principal":"*","Action":"STS:assumerolewithwebidentity","Condition":{"stringequals":{"issuer.example/id:SUB":"v"}}}"#,
            true)
    }

    func testDifferencesThatMatter() throws {
        let base = #"{"Effect":"Allow","Principal":{"Federated":"p"},"Action":"a","Condition":{"StringEquals":{"k":"v"}}}"#
        let different = [
            #"{"Effect":"Deny","Principal":{"Federated":"p"},"Action":"a","Condition":{"StringEquals":{"k":"v"}}}"#,
            #"{"Effect":"Allow","Principal":{"Federated":"q"},"Action":"a","Condition":{"StringEquals":{"k":"v"}}}"#,
            #"{"Effect":"Allow","Principal":{"AWS":"p"},"Action":"a","Condition":{"StringEquals":{"k":"v"}}}"#,
            #"{"Effect":"Allow","NotPrincipal":{"Federated":"p"},"Action":"a","Condition":{"StringEquals":{"k":"v"}}}"#,
            #"{"Effect":"Allow","Principal":{"Federated":"p"},"NotAction":"a","Condition":{"StringEquals":{"k":"v"}}}"#,
            #"{"Effect":"Allow","Principal":{"Federated":"p"},"Action":"a","Condition":{"StringLike":{"k":"v"}}}"#,
            #"{"Effect":"Allow","Principal":{"Federated":"p"},"Action":"a","Condition":{"StringEquals":{"k":"V"}}}"#,
            #"{"Effect":"Allow","Principal":{"Federated":"p"},"Action":"a","Condition":{"StringEquals":{"k":["v","w"]}}}"#,
            #"{"Effect":"Allow","Principal":{"Federated":"p"},"Action":"a"}"#,
            #"{"Effect":"Allow","Principal":{"Federated":"p"},"Action":"a","Condition":{"StringEquals":{"k":"v"}},"Extra":1}"#,
        ]
        for text in different { try assertEquivalent(base, text, false) }
    }

    func testIgnoreCaseOperatorsCompareValuesIgnoringCase() throws {
        try assertEquivalent(
            #"{"Effect":"Allow","Principal":"*","Action":"a","Condition":{"StringEqualsIgnoreCase":{"k":"Value"}}}"#,
            #"{"Effect":"Allow","Principal":"*","Action":"a","Condition":{"StringEqualsIgnoreCase":{"k":"vALUE"}}}"#,
            true)
    }

    func testPolicyEquivalenceIgnoresStatementOrderFormAndSids() throws {
        let first = try TrustFixtures.policy(
            TrustFixtures.document([TrustFixtures.kiamStatement, TrustFixtures.irsaStatement(subjects: ["a", "b"], sid: "X")]))
        let second = try TrustFixtures.policy(
            #"{"Version":"2012-10-17","Statement":[\#(TrustFixtures.irsaStatement(subjects: ["b", "a"])),"#
                + TrustFixtures.kiamStatement.replacingOccurrences(of: #""Sid":"Kiam","#, with: "") + "]}")
        XCTAssertTrue(first.isEquivalent(to: second))
        let single = try TrustFixtures.policy(#"{"Version":"2012-10-17","Statement":\#(TrustFixtures.kiamStatement)}"#)
        let list = try TrustFixtures.policy(TrustFixtures.document([TrustFixtures.kiamStatement]))
        XCTAssertTrue(single.isEquivalent(to: list))
        XCTAssertFalse(first.isEquivalent(to: list))
        let oldVersion = try TrustFixtures.policy(#"{"Version":"2008-10-17","Statement":[\#(TrustFixtures.kiamStatement)]}"#)
        let noVersion = try TrustFixtures.policy(#"{"Statement":[\#(TrustFixtures.kiamStatement)]}"#)
        XCTAssertFalse(oldVersion.isEquivalent(to: list))
        XCTAssertTrue(oldVersion.isEquivalent(to: noVersion))
    }
}
