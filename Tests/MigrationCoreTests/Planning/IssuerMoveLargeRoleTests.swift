import MigrationCore
import TestSupport
import XCTest

/// Issuer moves of roles with many old-issuer statements under a raised quota.
final class IssuerMoveLargeRoleTests: XCTestCase {
    typealias Safety = IssuerMoveSafetyTests

    func plan(_ role: IAMRole, quota: Int = 65536) -> Plan {
        let options = IssuerMoveOptions(from: Safety.old, to: Safety.new, trustPolicyQuota: quota)
        return IssuerMovePlanner(options: options).plan(Inventory(roles: [role]), createdAt: Fixtures.pinnedTime)
    }

    static func subject(_ index: Int) -> String { "system:serviceaccount:team\(index % 7):app\(index)" }

    // 200 one-subject statements and a raised quota: compaction merges them, and the
    // access check accepts the compacted document.
    func testTwoHundredStatementsUnderARaisedQuotaArePlanned() throws {
        let role = Safety.role("crowded", (0..<200).map { Fixtures.irsaStatement([Self.subject($0)], issuer: Safety.old) })
        let plan = plan(role)
        XCTAssertEqual(plan.findings, [], "\(plan.findings)")
        XCTAssertEqual(
            plan.steps.map(\.action), [.ensureOIDCProvider, .addTrustStatements, .verifyAssumeRole, .removeTrustStatements])
        let change = try XCTUnwrap(plan.roles.first)
        XCTAssertLessThanOrEqual(change.sizeAfter, 65536)
        let after = try TrustPolicy(json: change.after)
        for index in [0, 99, 199] {
            XCTAssertTrue(
                after.allows(
                    AccessProbe(provider: Safety.newProvider, subject: Self.subject(index), audience: "sts.amazonaws.com")))
            XCTAssertTrue(
                after.allows(
                    AccessProbe(provider: Safety.oldProvider, subject: Self.subject(index), audience: "sts.amazonaws.com")))
        }
    }

    // The first statement's keys end in `ISSUER/:sub`, which IAM never matches. Compaction
    // used to merge the other 199 statements' subjects into it (same issuer once normalised),
    // so they would have lost access, and the access check refused the whole role.
    func testCompactionNeverMergesIntoAStatementWhoseKeysNeverMatch() throws {
        let h = Safety.old.hostAndPath
        let deadKeys = Safety.statement(
            "Allow", #"{"StringEquals":{"\#(h)/:sub":"\#(Self.subject(0))","\#(h)/:aud":"sts.amazonaws.com"}}"#)
        let statements = [deadKeys] + (1..<200).map { Fixtures.irsaStatement([Self.subject($0)], issuer: Safety.old) }
        let plan = plan(Safety.role("crowded", statements))
        XCTAssertFalse(plan.findings.contains { $0.code == "access-check-failed" }, "\(plan.findings.map(\.message))")
        XCTAssertEqual(plan.findings.map(\.code), ["trust-without-subject"])
        let change = try XCTUnwrap(plan.roles.first)
        let after = try TrustPolicy(json: change.after)
        for index in [1, 199] {
            XCTAssertTrue(
                after.allows(
                    AccessProbe(provider: Safety.newProvider, subject: Self.subject(index), audience: "sts.amazonaws.com")))
            XCTAssertTrue(
                after.allows(
                    AccessProbe(provider: Safety.oldProvider, subject: Self.subject(index), audience: "sts.amazonaws.com")))
        }
        XCTAssertFalse(
            after.allows(AccessProbe(provider: Safety.newProvider, subject: Self.subject(0), audience: "sts.amazonaws.com")))
    }
}
