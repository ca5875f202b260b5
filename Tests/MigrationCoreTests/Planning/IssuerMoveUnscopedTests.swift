import MigrationCore
import TestSupport
import XCTest

/// Old-issuer statements without a `:sub` condition: scoped copies, never unscoped ones.
final class IssuerMoveUnscopedTests: XCTestCase {
    typealias Safety = IssuerMoveSafetyTests

    static let audOnly = Safety.statement("Allow", #"{"StringEquals":{"\#(Safety.old.hostAndPath):aud":"sts.amazonaws.com"}}"#)
    static let noCondition =
        #"{"Effect":"Allow","Principal":{"Federated":"\#(Safety.oldProvider)"},"Action":"sts:AssumeRoleWithWebIdentity"}"#

    func plan(_ roles: [IAMRole], accounts: [ServiceAccount], copyUnscoped: Bool = false) -> Plan {
        let options = IssuerMoveOptions(from: Safety.old, to: Safety.new, copyUnscoped: copyUnscoped)
        return IssuerMovePlanner(options: options).plan(
            Inventory(serviceAccounts: accounts, roles: roles), createdAt: Fixtures.pinnedTime)
    }

    func allows(_ plan: Plan, _ role: String, _ subject: String, provider: String = Safety.newProvider) throws -> Bool {
        let change = try XCTUnwrap(plan.roles.first { $0.arn == Fixtures.roleARN(role) }, "no change for \(role)")
        return try TrustPolicy(json: change.after).allows(
            AccessProbe(provider: provider, subject: subject, audience: "sts.amazonaws.com"))
    }

    /// Every Allow the plan adds has a positive `:sub` condition.
    func assertEveryAddedAllowIsScoped(_ plan: Plan, file: StaticString = #filePath, line: UInt = #line) throws {
        for step in plan.steps where step.action == .addTrustStatements {
            for raw in step.payload.trustEdit?.add ?? [] {
                let statement = try TrustStatement(json: raw)
                guard statement.effect == .allow else { continue }
                XCTAssertTrue(statement.hasSubjectCondition(forIssuer: Safety.new), "\(raw.serialized())", file: file, line: line)
            }
        }
    }

    // By default the copy is scoped to the service accounts annotated with the role, exactly.
    func testUnscopedStatementIsCopiedScopedToTheAnnotatedServiceAccounts() throws {
        let arn = Fixtures.roleARN("reader")
        let accounts = [
            Fixtures.serviceAccount("apps", "reader", role: arn), Fixtures.serviceAccount("jobs", "batch", role: arn),
            Fixtures.serviceAccount("apps", "other", role: Fixtures.roleARN("elsewhere")),
        ]
        let plan = plan([Safety.role("reader", [Self.audOnly]), Safety.role("open", [Self.noCondition])], accounts: accounts)
        XCTAssertEqual(
            plan.findings.map { "\($0.severity.rawValue) \($0.code) \($0.subject)" },
            [
                "error trust-without-subject \(Fixtures.roleARN("open"))",
                "warning unscoped-trust-scoped \(arn)",
            ])
        let scoped = try XCTUnwrap(plan.findings.first { $0.code == "unscoped-trust-scoped" })
        XCTAssertTrue(scoped.message.contains("serviceaccount/apps/reader, serviceaccount/jobs/batch"), scoped.message)
        XCTAssertTrue(try allows(plan, "reader", "system:serviceaccount:apps:reader"))
        XCTAssertTrue(try allows(plan, "reader", "system:serviceaccount:jobs:batch"))
        XCTAssertFalse(try allows(plan, "reader", "system:serviceaccount:apps:other"), "narrower than before, never wider")
        XCTAssertFalse(plan.roles.contains { $0.arn == Fixtures.roleARN("open") }, "nobody to scope it to: not copied")
        try assertEveryAddedAllowIsScoped(plan)
        let verify = try XCTUnwrap(plan.steps.first { $0.action == .verifyAssumeRole && $0.target.description == arn })
        XCTAssertEqual(verify.payload.check?.subject, "system:serviceaccount:apps:reader")
        // Cleanup removes the unscoped statement, whose scoped copy now stands in for it.
        let cleanup = try XCTUnwrap(plan.steps.first { $0.action == .removeTrustStatements })
        XCTAssertEqual(cleanup.payload.trustEdit?.remove.count, 1)
    }

    // --copy-unscoped: scoped to every service account token, never without a :sub condition.
    func testCopyUnscopedScopesTheCopyToEveryServiceAccount() throws {
        let plan = plan([Safety.role("open", [Self.noCondition])], accounts: [], copyUnscoped: true)
        XCTAssertEqual(plan.findings.map(\.code), ["unscoped-trust-copied"])
        XCTAssertTrue(try allows(plan, "open", "system:serviceaccount:any:thing"))
        XCTAssertFalse(try allows(plan, "open", "repo:someone/else:ref:refs/heads/main"), "only service account tokens")
        try assertEveryAddedAllowIsScoped(plan)
        XCTAssertEqual(plan.header.options.recorded["copyUnscoped"], "true")
    }
}

/// What an issuer move cannot see: service accounts whose role is in an account the inventory lacks.
final class IssuerMoveUnknownAccountTests: XCTestCase {
    func testServiceAccountWithARoleOfAnUnlistedAccountIsAWarning() {
        let known = IssuerMoveSafetyTests.role(
            "app", [Fixtures.irsaStatement(["system:serviceaccount:a:app"], issuer: IssuerMoveSafetyTests.old)])
        let accounts = [
            Fixtures.serviceAccount("a", "app", role: known.arn),
            Fixtures.serviceAccount("b", "remote", role: Fixtures.roleARN("remote", account: "999988887777")),
        ]
        let options = IssuerMoveOptions(from: IssuerMoveSafetyTests.old, to: IssuerMoveSafetyTests.new)
        let plan = IssuerMovePlanner(options: options).plan(
            Inventory(serviceAccounts: accounts, roles: [known]), createdAt: Fixtures.pinnedTime)
        XCTAssertEqual(
            plan.findings.map { "\($0.severity.rawValue) \($0.code) \($0.subject)" },
            ["warning role-account-not-in-inventory serviceaccount/b/remote"])
        XCTAssertTrue(plan.findings.first?.message.contains("999988887777") ?? false)
        XCTAssertTrue(plan.steps.contains { $0.target.description == known.arn })
    }
}
