import MigrationCore
import TestSupport
import XCTest

/// The audience of new-issuer tokens, inferred per role instead of assumed.
final class IssuerMoveAudienceTests: XCTestCase {
    static let old = IssuerURL("https://s3.cn-north-1.amazonaws.com.cn/bucket")!
    static let new = IssuerURL("https://s3.cn-north-1.amazonaws.com.cn/bucket-v2")!

    static func role(_ name: String, audience: String?, partition: String = "aws-cn") -> IAMRole {
        let h = old.hostAndPath
        let provider = "arn:\(partition):iam::\(Fixtures.account):oidc-provider/\(h)"
        let aud = audience.map { #","\#(h):aud":"\#($0)""# } ?? ""
        return IAMRole(
            arn: "arn:\(partition):iam::\(Fixtures.account):role/\(name)", name: name,
            trustPolicyText:
                #"{"Statement":[{"Effect":"Allow","Principal":{"Federated":"\#(provider)"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"\#(h):sub":"system:serviceaccount:a:\#(name)"\#(aud)}}}]}"#
        )
    }

    func plan(_ roles: [IAMRole], accounts: [ServiceAccount] = [], audience: String? = nil) -> Plan {
        let options = IssuerMoveOptions(
            from: Self.old, to: Self.new, audience: audience ?? Annotations.defaultAudience, audienceGiven: audience != nil)
        return IssuerMovePlanner(options: options).plan(
            Inventory(serviceAccounts: accounts, roles: roles), createdAt: Fixtures.pinnedTime)
    }

    func verifyAudience(_ plan: Plan, _ role: String) -> String? {
        plan.steps.first { $0.action == .verifyAssumeRole && $0.target.description.hasSuffix("role/\(role)") }?.payload.check?
            .audience
    }

    // China without --audience: the statements say sts.amazonaws.com.cn, so the provider and
    // verify use it (they used sts.amazonaws.com, and verify failed).
    func testAudienceIsReadFromTheOldStatements() throws {
        let plan = plan([Self.role("app", audience: "sts.amazonaws.com.cn")])
        XCTAssertEqual(plan.findings, [])
        XCTAssertEqual(verifyAudience(plan, "app"), "sts.amazonaws.com.cn")
        let provider = try XCTUnwrap(plan.steps.first { $0.action == .ensureOIDCProvider })
        guard case .ensureOIDCProvider(let ensure) = provider.payload else { return XCTFail("\(provider.payload)") }
        XCTAssertEqual(ensure.clientIDs, ["sts.amazonaws.com.cn"])
    }

    // Statements and service account annotations disagree, or nothing says in aws-cn: an
    // error on that role asking for --audience; the other roles are planned.
    func testDisagreementOrSilenceInChinaIsAnErrorThatAsksForAudience() {
        let arn = "arn:aws-cn:iam::\(Fixtures.account):role/mixed"
        let annotated = ServiceAccount(
            namespace: "a", name: "mixed",
            annotations: [Annotations.irsaRoleARN: arn, Annotations.irsaAudience: "sts.amazonaws.com"])
        let roles = [
            Self.role("mixed", audience: "sts.amazonaws.com.cn"), Self.role("silent", audience: nil),
            Self.role("fine", audience: "sts.amazonaws.com.cn"),
        ]
        let plan = plan(roles, accounts: [annotated])
        XCTAssertEqual(
            plan.findings.map { "\($0.code) \($0.subject)" },
            ["audience-ambiguous \(arn)", "audience-ambiguous arn:aws-cn:iam::\(Fixtures.account):role/silent"])
        XCTAssertTrue(plan.findings.allSatisfy { $0.message.contains("--audience") })
        XCTAssertEqual(verifyAudience(plan, "fine"), "sts.amazonaws.com.cn")
        XCTAssertNil(verifyAudience(plan, "mixed"))
        // --audience settles it.
        let given = self.plan(roles, accounts: [annotated], audience: "sts.amazonaws.com.cn")
        XCTAssertEqual(given.findings, [])
        XCTAssertEqual(verifyAudience(given, "silent"), "sts.amazonaws.com.cn")
    }

    // Outside China, a role whose statements name no audience keeps the default.
    func testNoAudienceOutsideChinaIsTheDefault() {
        let plan = plan([Self.role("app", audience: nil, partition: "aws")])
        XCTAssertEqual(plan.findings, [])
        XCTAssertEqual(verifyAudience(plan, "app"), "sts.amazonaws.com")
    }
}
