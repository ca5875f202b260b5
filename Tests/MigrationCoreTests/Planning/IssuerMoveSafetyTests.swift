import MigrationCore
import TestSupport
import XCTest

/// Issuer moves on estates that used to widen access, refuse the whole plan, or stay silent.
final class IssuerMoveSafetyTests: XCTestCase {
    static let old = IssuerURL("https://old.example.com/cluster")!
    static let new = IssuerURL("https://new.example.com/cluster")!
    static let oldProvider = ARN.oidcProvider(partition: "aws", account: Fixtures.account, issuer: old).description
    static let newProvider = ARN.oidcProvider(partition: "aws", account: Fixtures.account, issuer: new).description

    func plan(_ roles: [IAMRole], quota: Int = 2048) -> Plan {
        let options = IssuerMoveOptions(from: Self.old, to: Self.new, trustPolicyQuota: quota)
        return IssuerMovePlanner(options: options).plan(Inventory(roles: roles), createdAt: Fixtures.pinnedTime)
    }

    static func role(_ name: String, _ statements: [String]) -> IAMRole {
        IAMRole(
            arn: Fixtures.roleARN(name), name: name,
            trustPolicyText: #"{"Version":"2012-10-17","Statement":[\#(statements.joined(separator: ","))]}"#)
    }

    static func statement(_ effect: String, _ condition: String, provider: String = oldProvider) -> String {
        #"{"Effect":"\#(effect)","Principal":{"Federated":"\#(provider)"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":\#(condition)}"#
    }

    /// Whether the role's document after the plan's prepare lets a new-issuer token for `subject` in.
    func newIssuerAllows(_ plan: Plan, role: String, subject: String) throws -> Bool {
        let change = try XCTUnwrap(plan.roles.first { $0.arn == Fixtures.roleARN(role) }, "no change for \(role)")
        let after = try TrustPolicy(json: change.after)
        return after.allows(AccessProbe(provider: Self.newProvider, subject: subject, audience: "sts.amazonaws.com"))
    }

    // Class 1: a Deny on the old issuer is copied, so new-issuer tokens get no more than old ones.
    func testDenyNamingTheOldIssuerIsCopiedToTheNewIssuer() throws {
        let h = Self.old.hostAndPath
        let allowAll = Self.statement(
            "Allow", #"{"StringLike":{"\#(h):sub":"system:serviceaccount:*:*"},"StringEquals":{"\#(h):aud":"sts.amazonaws.com"}}"#
        )
        let denyNonProd = Self.statement("Deny", #"{"StringNotLike":{"\#(h):sub":"system:serviceaccount:prod-*:*"}}"#)
        let denyWithoutSub = Self.statement("Deny", #"{"StringEquals":{"\#(h):aud":"legacy"}}"#)
        let plan = plan([Self.role("app", [allowAll, denyNonProd, denyWithoutSub])])
        XCTAssertFalse(plan.findings.contains { $0.severity == .error }, "\(plan.findings)")
        XCTAssertTrue(try newIssuerAllows(plan, role: "app", subject: "system:serviceaccount:prod-eu:api"))
        XCTAssertFalse(
            try newIssuerAllows(plan, role: "app", subject: "system:serviceaccount:dev:api"),
            "the old issuer denies dev; the new one must too")
        let prepare = try XCTUnwrap(plan.steps.first { $0.action == .addTrustStatements })
        let effects = prepare.payload.trustEdit?.add.compactMap { $0["Effect"]?.stringValue } ?? []
        XCTAssertEqual(effects.sorted(), ["Allow", "Deny", "Deny"])
        let cleanup = try XCTUnwrap(plan.steps.first { $0.action == .removeTrustStatements })
        let removed = cleanup.payload.trustEdit?.remove.compactMap { $0["Effect"]?.stringValue } ?? []
        XCTAssertEqual(removed, ["Allow"], "cleanup never removes a Deny")
    }

    // A Deny on the old issuer of a role that already trusts the new one through an Allow of
    // its own: not moved, so the Deny would stop applying at the switch. An error names it,
    // the rest is planned, and once the Deny's copy is in the document the error is gone.
    func testDenyOnARoleWithoutOldIssuerAllowIsNamedUntilCopied() throws {
        let (h, n) = (Self.old.hostAndPath, Self.new.hostAndPath)
        let newAllow = Self.statement(
            "Allow", #"{"StringLike":{"\#(n):sub":"system:serviceaccount:*:*"}}"#, provider: Self.newProvider)
        let deny = Self.statement("Deny", #"{"StringLike":{"\#(h):sub":"system:serviceaccount:kube-system:*"}}"#)
        let denyCopy = Self.statement(
            "Deny", #"{"StringLike":{"\#(n):sub":"system:serviceaccount:kube-system:*"}}"#, provider: Self.newProvider)
        let moving = Self.role("moving", [Fixtures.irsaStatement(["system:serviceaccount:a:b"], issuer: Self.old)])

        let plan = plan([Self.role("guarded", [newAllow, deny]), moving])
        XCTAssertEqual(
            plan.findings.map { "\($0.severity.rawValue) \($0.code) \($0.subject)" },
            ["error deny-not-moved \(Fixtures.roleARN("guarded"))"])
        XCTAssertEqual(plan.roles.map(\.arn), [Fixtures.roleARN("moving")])
        XCTAssertEqual(plan.summary.blocked, 1)

        let copied = self.plan([Self.role("guarded", [newAllow, deny, denyCopy])])
        XCTAssertEqual(copied.findings.map(\.code), ["no-role-trusts-from"], "nothing left to move")
    }

    // Cleanup of a Federated array: the other providers keep their part only when it can
    // still match; with old-issuer claims required, it is dead and goes with the old provider.
    func testCleanupOfAFederatedArrayLeavesNoDeadStatement() throws {
        let other = "arn:aws:iam::\(Fixtures.account):oidc-provider/other.example.com/cluster"
        let h = Self.old.hostAndPath
        func both(_ condition: String) -> String {
            #"{"Effect":"Allow","Principal":{"Federated":["\#(other)","\#(Self.oldProvider)"]},"Action":"sts:AssumeRoleWithWebIdentity","Condition":\#(condition)}"#
        }
        let required = both(#"{"StringEquals":{"\#(h):sub":"system:serviceaccount:a:b"}}"#)
        // IfExists holds when the key is absent: the other provider's tokens still match.
        let optional = both(#"{"StringLikeIfExists":{"\#(h):sub":"system:serviceaccount:a:*"}}"#)
        let plan = plan([Self.role("required", [required]), Self.role("optional", [optional])])
        XCTAssertEqual(plan.findings, [], "\(plan.findings)")
        let cleanups = Dictionary(
            uniqueKeysWithValues: plan.steps.filter { $0.action == .removeTrustStatements }.map {
                ($0.target.description, $0.payload.trustEdit)
            })
        XCTAssertEqual(cleanups[Fixtures.roleARN("required")]??.add, [], "the rest needs an old-issuer claim: dead")
        XCTAssertEqual(cleanups[Fixtures.roleARN("required")]??.remove.count, 1)
        let kept = try XCTUnwrap(cleanups[Fixtures.roleARN("optional")]??.add)
        XCTAssertEqual(kept.first?["Principal"]?["Federated"], .array([.string(other)]), "\(kept)")
    }

    // The access check models Deny: a dropped Deny shows as a new-issuer request allowed.
    func testProbesSeeWhatADenyForbids() throws {
        let h = Self.old.hostAndPath
        let allowAll = Self.statement("Allow", #"{"StringLike":{"\#(h):sub":"system:serviceaccount:*:*"}}"#)
        let deny = Self.statement("Deny", #"{"StringNotLike":{"\#(h):sub":"system:serviceaccount:prod-*:*"}}"#)
        let withDeny = try TrustPolicy(parsing: #"{"Statement":[\#(allowAll),\#(deny)]}"#)
        let withoutDeny = try TrustPolicy(parsing: #"{"Statement":[\#(allowAll)]}"#)
        let probes = AccessProbe.probes(for: [withDeny, withoutDeny])
        let widened = withoutDeny.allowed(probes).subtracting(withDeny.allowed(probes))
        XCTAssertTrue(widened.contains { $0.subject == "system:serviceaccount:x:x" }, "\(widened.sorted())")
        XCTAssertTrue(withDeny.allowed(probes).contains { $0.subject == "system:serviceaccount:prod-x:x" })
    }

    // Class 8: compaction merges old-issuer statements; cleanup still finds them, and one
    // role's trouble never refuses the others.
    func testCompactedRoleKeepsItsCleanupAndTheRestIsPlanned() throws {
        let kiam = #"{"Effect":"Allow","Principal":{"AWS":"\#(Fixtures.kiamServer)"},"Action":"sts:AssumeRole"}"#
        let first = Fixtures.irsaStatement(["system:serviceaccount:a:one"], issuer: Self.old)
        let second = Fixtures.irsaStatement(["system:serviceaccount:a:two"], issuer: Self.old)
        let crowded = Self.role("crowded", [kiam, first, second])
        // Room for one merged copy, not for two separate ones.
        let quota = try TrustPolicy(parsing: crowded.trustPolicyText ?? "").minifiedSize + 100
        let plan = plan([crowded, Self.role("plain", [first])], quota: quota)
        XCTAssertEqual(plan.findings, [], "\(plan.findings)")
        let cleanupTargets = plan.steps.filter { $0.action == .removeTrustStatements }.map(\.target.description)
        XCTAssertEqual(cleanupTargets, [Fixtures.roleARN("crowded"), Fixtures.roleARN("plain")])
        let change = try XCTUnwrap(plan.roles.first { $0.arn == Fixtures.roleARN("crowded") })
        XCTAssertLessThanOrEqual(change.sizeAfter, quota)
    }

    // Class 9: nobody trusts --from (a typo): a warning naming the issuers the roles do trust.
    func testNoRoleTrustingFromIsAWarningNamingTheTrustedIssuers() {
        let typo = IssuerURL("https://s3-eu-west-1.amazonaws.com/bucket")!
        let trusted = IssuerURL("https://s3.eu-west-1.amazonaws.com/bucket")!
        let role = Self.role("app", [Fixtures.irsaStatement(["system:serviceaccount:a:b"], issuer: trusted)])
        let options = IssuerMoveOptions(from: typo, to: Self.new)
        let plan = IssuerMovePlanner(options: options).plan(Inventory(roles: [role]), createdAt: Fixtures.pinnedTime)
        XCTAssertEqual(plan.findings.map(\.code), ["no-role-trusts-from"])
        XCTAssertTrue(plan.findings.first?.message.contains(trusted.hostAndPath) ?? false, "\(plan.findings)")
        XCTAssertTrue(plan.steps.isEmpty)
    }

    // Class 10: what the move cannot see is named, never skipped silently.
    func testUnreadableAndCrossAccountStatementsAreFindings() {
        let encoded = IAMRole(
            arn: Fixtures.roleARN("broken"), name: "broken",
            trustPolicyText:
                "%7B%22Statement%22%3A%5B%7B%22Principal%22%3A%22arn%3Aaws%3Aiam%3A%3A111122223333%3Aoidc-provider%2FOLD.example.com%2Fcluster"
        )
        let foreign = ARN.oidcProvider(partition: "aws", account: "444455556666", issuer: Self.old).description
        let crossAccount = Self.role(
            "cross",
            [
                Self.statement(
                    "Allow", #"{"StringEquals":{"\#(Self.old.hostAndPath):sub":"system:serviceaccount:a:b"}}"#, provider: foreign)
            ])
        let shouting = Self.role(
            "shouting",
            [
                Self.statement(
                    "Allow", #"{"StringEquals":{"\#(Self.old.hostAndPath):sub":"system:serviceaccount:a:d"}}"#,
                    provider: Self.oldProvider.replacingOccurrences(of: "old.example.com", with: "OLD.EXAMPLE.COM"))
            ])
        let plan = plan([
            encoded, crossAccount, shouting,
            Self.role("ok", [Fixtures.irsaStatement(["system:serviceaccount:a:c"], issuer: Self.old)]),
        ])
        XCTAssertEqual(
            plan.findings.map { "\($0.severity.rawValue) \($0.code) \($0.subject)" },
            [
                "error trust-policy-unparseable \(Fixtures.roleARN("broken"))",
                "warning issuer-mismatch \(Fixtures.roleARN("shouting"))",
                "warning provider-in-other-account \(Fixtures.roleARN("cross"))",
            ])
        XCTAssertTrue(plan.findings[1].message.contains("spelled otherwise"), "\(plan.findings)")
        XCTAssertTrue(plan.steps.contains { $0.target.description == Fixtures.roleARN("ok") })
    }
}
