import MigrationCore
import TestSupport
import XCTest

/// Checks across roles, providers, service accounts and workloads.
final class EstateAuditTests: XCTestCase {
    typealias F = AuditFixtures

    func testOldIssuerTrustNeedsIssuersToBeJudged() {
        let roles = [
            F.role("dual", F.irsa(sid: "Blue"), F.irsa(F.issuerB, sid: "Green")), F.role("stale", F.irsa(F.issuerB)),
            F.role("live", F.irsa()),
        ]
        XCTAssertEqual(F.audit(roles: roles).findings, [], "without --issuer an old issuer cannot be told from a live one")
        let report = F.audit(roles: roles, issuers: ["https://" + F.issuerA])
        XCTAssertEqual(
            report.codes,
            ["warning dual-trust-left-behind \(F.roleARN("dual")) #2", "warning issuer-not-in-use \(F.roleARN("stale")) #1"])
        XCTAssertTrue(report.findings[0].message.contains("--from https://\(F.issuerB) --to https://\(F.issuerA)"))
    }

    func testProvidersNoRoleTrusts() {
        let report = F.audit(roles: [F.role("live", F.irsa())], providers: F.providers([F.issuerA, F.issuerB]))
        XCTAssertEqual(report.codes, ["info oidc-provider-unused \(F.provider(F.issuerB))"])
    }

    func testKiamAgentTrustOnRolesNoKiamWorkloadUses() {
        let roles = [
            F.role(
                "kiam-server",
                #"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/nodes"},"Action":"sts:AssumeRole"}"#),
            F.role("used", F.kiam), F.role("migrated", F.kiam, F.irsa()), F.role("by-flag", F.kiam),
        ]
        let workloads = [Fixtures.workload(.deployment, "ns", "used", role: "used")]
        let report = F.audit(roles: roles, workloads: workloads, roleBaseARN: "arn:aws:iam::111122223333:role/")
        XCTAssertEqual(
            report.codes.filter { $0.contains("kiam-trust") },
            ["warning kiam-trust-unused \(F.roleARN("by-flag")) #1", "warning kiam-trust-unused \(F.roleARN("migrated")) #1"])
        let noAgents = F.audit(roles: [F.role("app", F.kiam)])
        XCTAssertEqual(noAgents.findings, [])
        XCTAssertTrue(noAgents.notChecked.contains { $0.contains("--agent-role") })
        let flagged = F.audit(roles: [F.role("app", F.kiam)], agentRoles: [F.kiamServer])
        XCTAssertEqual(flagged.codes, ["warning kiam-trust-unused \(F.roleARN("app")) #1"])
    }

    func testServiceAccountsWhoseRoleCannotWork() {
        let deny = F.irsa(sub: "system:serviceaccount:ns:denied", effect: "Deny")
        let roles = [F.role("app", F.irsa(), F.irsa(sub: "system:serviceaccount:ns:denied"), deny)]
        let accounts = [
            F.serviceAccount("ns", "app", role: F.roleARN("app")),
            F.serviceAccount("ns", "denied", role: F.roleARN("app")),
            F.serviceAccount("ns", "other", role: F.roleARN("app")),
            F.serviceAccount("ns", "vault", role: F.roleARN("app"), audience: "vault"),
            F.serviceAccount("ns", "gone", role: F.roleARN("gone")),
            F.serviceAccount("ns", "elsewhere", role: F.roleARN("x", account: "999988887777")),
            F.serviceAccount("ns", "typo", role: "app"),
        ]
        let report = F.audit(roles: roles, serviceAccounts: accounts, issuers: ["https://" + F.issuerA])
        XCTAssertEqual(
            report.codes,
            [
                "error role-annotation-invalid serviceaccount/ns/typo",
                "error service-account-role-not-found serviceaccount/ns/gone",
                "error service-account-role-not-trusted serviceaccount/ns/denied",
                "error service-account-role-not-trusted serviceaccount/ns/other",
                "error service-account-role-not-trusted serviceaccount/ns/vault",
                "warning service-account-role-other-account serviceaccount/ns/elsewhere",
            ])
    }

    func testWorkloadsOnKiamAndWithStaticKeys() {
        let workloads = [
            Fixtures.workload(.deployment, "ns", "ok", role: "app"),
            Fixtures.workload(.deployment, "ns", "missing", role: "nope"),
            Fixtures.workload(.deployment, "ns", "full", role: F.roleARN("app")),
            Fixtures.workload(.deployment, "ns", "bad", role: "arn:aws:s3:::bucket"),
            Fixtures.workload(.deployment, "ns", "keys", role: nil, env: ["AWS_ACCESS_KEY_ID"]),
        ]
        let roles = [F.role("app", F.kiam)]
        let unresolved = F.audit(roles: roles, workloads: workloads)
        XCTAssertEqual(
            unresolved.codes,
            [
                "error role-annotation-invalid deployment/ns/bad", "warning role-name-unresolved deployment/ns/missing",
                "warning static-aws-credentials-in-env deployment/ns/keys", "info kiam-annotation-present deployment/ns/full",
                "info kiam-annotation-present deployment/ns/missing", "info kiam-annotation-present deployment/ns/ok",
            ])
        let resolved = F.audit(roles: roles, workloads: workloads, roleBaseARN: "arn:aws:iam::111122223333:role/")
        XCTAssertTrue(resolved.codes.contains("error role-not-found deployment/ns/missing"), "\(resolved.codes)")
    }

    func testFailOnThresholds() {
        let warningOnly = F.audit(roles: [F.role("stale", F.irsa(F.issuerB))], issuers: ["https://" + F.issuerA])
        XCTAssertFalse(warningOnly.hasFindings(atOrAbove: .error))
        XCTAssertTrue(warningOnly.hasFindings(atOrAbove: .warning))
        let infoOnly = F.audit(roles: [F.role("live", F.irsa())], providers: F.providers([F.issuerA, F.issuerB]))
        XCTAssertFalse(infoOnly.hasFindings(atOrAbove: .warning))
    }

    func testSameInputInAnyOrderGivesTheSameReport() {
        let roles = [
            F.role("a", F.irsa(F.issuerB)), F.role("b", F.irsa(condition: "{}")), F.role("c", F.kiam),
            F.role("kiam-server", F.kiam),
        ]
        let accounts = (0..<5).map { F.serviceAccount("ns", "sa\($0)", role: F.roleARN("a")) }
        let first = F.audit(roles: roles, serviceAccounts: accounts, issuers: ["https://" + F.issuerA])
        let second = F.audit(roles: roles.reversed(), serviceAccounts: accounts.reversed(), issuers: ["https://" + F.issuerA])
        XCTAssertEqual(AuditJSONRenderer.render(first), AuditJSONRenderer.render(second))
        XCTAssertEqual(AuditTextRenderer.render(first), AuditTextRenderer.render(second))
    }
}

extension EstateAuditTests {
    func testTheDefaultAudienceIsAnOption() {
        let china = F.irsa(
            condition:
                #"{"StringEquals":{"\#(F.issuerA):sub":"system:serviceaccount:ns:app","\#(F.issuerA):aud":"sts.amazonaws.com.cn"}}"#
        )
        let accounts = [F.serviceAccount("ns", "app", role: F.roleARN("app"))]
        let roles = [F.role("app", china)]
        XCTAssertEqual(
            F.audit(roles: roles, serviceAccounts: accounts).codes,
            ["error service-account-role-not-trusted serviceaccount/ns/app"])
        let inventory = Inventory(serviceAccounts: accounts, roles: roles)
        let report = Auditor(options: AuditOptions(audience: "sts.amazonaws.com.cn")).audit(inventory)
        XCTAssertEqual(report.findings, [])
        XCTAssertEqual(report.accessMaps.first?.serviceAccounts.map(\.roles), [[F.roleARN("app")]])
    }
}
