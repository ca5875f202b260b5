import MigrationCore
import XCTest

/// The access map: which roles each service account can assume, decided by the evaluator.
final class AccessMapTests: XCTestCase {
    typealias F = AuditFixtures
    let a = AuditFixtures.issuerA

    private func like(_ pattern: String) -> String {
        #"{"StringLike":{"\#(a):sub":"\#(pattern)"},"StringEquals":{"\#(a):aud":"sts.amazonaws.com"}}"#
    }

    func testRolesPerServiceAccountAndForEveryone() throws {
        let roles = [
            F.role("exact", F.irsa(sub: "system:serviceaccount:team:api")),
            F.role(
                "ignore-case", F.irsa(condition: #"{"StringEqualsIgnoreCase":{"\#(a):sub":"SYSTEM:SERVICEACCOUNT:TEAM:API"}}"#)),
            F.role("team-wide", F.irsa(condition: like("system:serviceaccount:team:*"))),
            F.role("teams", F.irsa(condition: like("system:serviceaccount:team*:*"))),
            F.role("everyone", F.irsa(condition: #"{"StringEquals":{"\#(a):aud":"sts.amazonaws.com"}}"#)),
            F.role("everyone-but", F.irsa(condition: #"{"StringNotEquals":{"\#(a):sub":"system:serviceaccount:team:api"}}"#)),
            F.role(
                "denied", F.irsa(sub: "system:serviceaccount:team:api"),
                F.irsa(sub: "system:serviceaccount:team:api", effect: "Deny")),
            F.role("other-issuer", F.irsa(F.issuerB, sub: "system:serviceaccount:team:api")),
            F.role("kiam", F.kiam),
        ]
        let accounts = [
            F.serviceAccount("team", "api", role: nil), F.serviceAccount("team", "worker", role: nil),
            F.serviceAccount("teamtwo", "job", role: nil), F.serviceAccount("other", "app", role: nil),
        ]
        let report = F.audit(roles: roles, serviceAccounts: accounts, issuers: ["https://" + a])
        XCTAssertEqual(report.accessMaps.count, 1, "only the --issuer given")
        let map = try XCTUnwrap(report.accessMaps.first)
        XCTAssertEqual(map.issuer, "https://" + a)
        XCTAssertEqual(map.anyServiceAccount, [F.roleARN("everyone"), F.roleARN("everyone-but")])
        XCTAssertEqual(
            map.serviceAccounts.map { "\($0.serviceAccount) -> \($0.roles.map { $0.split(separator: "/").last ?? "" })" },
            [
                #"serviceaccount/team/api -> ["exact", "ignore-case", "team-wide", "teams"]"#,
                #"serviceaccount/team/worker -> ["team-wide", "teams"]"#,
                #"serviceaccount/teamtwo/job -> ["teams"]"#,
            ])
    }

    func testWithoutIssuersEveryTrustedIssuerGetsAMap() {
        let roles = [F.role("blue", F.irsa()), F.role("green", F.irsa(F.issuerB))]
        let report = F.audit(roles: roles, serviceAccounts: [F.serviceAccount("ns", "app", role: nil)])
        XCTAssertEqual(report.accessMaps.map(\.issuer), ["https://" + F.issuerA, "https://" + F.issuerB])
        XCTAssertEqual(
            report.accessMaps.map { $0.serviceAccounts.map(\.roles) }, [[[F.roleARN("blue")]], [[F.roleARN("green")]]])
    }

    func testTheServiceAccountsAudienceCounts() {
        let roles = [F.role("app", F.irsa())]
        let accounts = [F.serviceAccount("ns", "app", role: nil, audience: "vault")]
        XCTAssertEqual(F.audit(roles: roles, serviceAccounts: accounts).accessMaps.first?.serviceAccounts, [])
    }
}
