import XCTest

@testable import MigrationCore

final class AccessProbeTests: XCTestCase {
    func testAGlobGivesItsShortestAndItsFilledMatch() {
        XCTAssertEqual(AccessProbe.instances("system:serviceaccount:shop:app"), ["system:serviceaccount:shop:app"])
        XCTAssertEqual(
            AccessProbe.instances("system:serviceaccount:shop:*"),
            ["system:serviceaccount:shop:", "system:serviceaccount:shop:x"])
        XCTAssertEqual(AccessProbe.instances("a?b*c"), ["axbc", "axbxc"])
        XCTAssertEqual(AccessProbe.instances("é*ü?"), ["éüx", "éxüx"])
    }

    /// The compiled evaluation the planner uses for many probes decides as `allows` does.
    func testCompiledEvaluationDecidesAsAllows() throws {
        let subjects = ["system:serviceaccount:shop:app", "system:serviceaccount:shop:api-*"]
        let deny = """
            {"Effect": "Deny", "Principal": {"Federated": "\(TrustFixtures.provider)"},
             "Action": "sts:AssumeRoleWithWebIdentity",
             "Condition": {"StringLike": {"\(TrustFixtures.issuer):sub": "system:serviceaccount:shop:api-x*"}}}
            """
        let policy = try TrustFixtures.policy(
            TrustFixtures.document([TrustFixtures.irsaStatement(subjects: subjects), deny]))
        let probes = AccessProbe.probes(for: [policy], providers: [TrustFixtures.newProvider])
        XCTAssertGreaterThan(probes.count, 4)
        let compiled = policy.compiledAllows()
        for probe in probes { XCTAssertEqual(compiled(probe), policy.allows(probe), probe.description) }
        XCTAssertTrue(probes.contains { policy.allows($0) })
        XCTAssertTrue(probes.contains { !policy.allows($0) })
    }
}
