import Foundation
import MigrationCore
import TestSupport
import XCTest

/// The issuer move of an EKS blue/green replacement, with the real kubectl and aws: the
/// `payments` cut of the example estate is first prepared for IRSA (its roles in both accounts
/// trust the blue issuer), then moved to
/// the green one: dual trust, the switch (the emulator's issuer), verify, the cleanup gate,
/// cleanup, and rollback to the blue estate.
final class LiveIssuerMoveTests: XCTestCase {
    static let green = "https://oidc.eks.eu-west-1.amazonaws.com/id/GREEN5E3F0A4B9C8D7E6F5A4B3C2D1E0F"
    static let blueHost = String(LiveSession.issuer.dropFirst("https://".count))
    static let greenHost = String(green.dropFirst("https://".count))

    func testPrepareSwitchVerifyGatedCleanupAndRollback() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let session = try LiveSession(estate: .payments)
        try session.planKiam()
        let irsa = try session.run(["apply", "--phase", "prepare", "--yes"])
        XCTAssertEqual(irsa.status, 0, irsa.stdout)
        let blue = try session.snapshot("blue")

        let planned = try session.run(["plan", "issuer-move", "--from", LiveSession.issuer, "--to", Self.green])
        XCTAssertEqual(planned.status, 0, planned.stderr)
        let plan = try session.storedPlan()
        XCTAssertEqual(plan.header.kind, .issuerMove)
        let moved = Set(plan.steps.filter { $0.action == .addTrustStatements }.map(\.target.description))
        XCTAssertEqual(
            moved,
            ["arn:aws:iam::111122223333:role/apps/payments-ledger", "arn:aws:iam::444455556666:role/data/lake-reader"],
            "every role the kiam prepare made trust the blue issuer, the data account's too (not payments-gateway: a finding)")

        let dual = try session.run(["apply", "--phase", "prepare", "--yes"])
        XCTAssertEqual(dual.status, 0, dual.stdout)
        XCTAssertEqual(try trustedHosts(session, moved), moved.map { _ in [Self.blueHost, Self.greenHost] })

        let early = try session.run(["verify"])
        XCTAssertEqual(early.status, 1, early.stdout)
        XCTAssertTrue(
            early.stdout.contains("the cluster does not use that issuer yet; switch it, then verify again"), early.stdout)

        try session.control(session.harness.controlURL + "/issuer", #"{"issuer":"\#(Self.green)"}"#)
        let verified = try session.run(["verify"])
        XCTAssertEqual(verified.status, 0, verified.stdout)

        let gated = try session.run(["apply", "--phase", "cleanup", "--yes"])
        XCTAssertEqual(gated.status, 1, gated.stdout)
        XCTAssertTrue(gated.stdout.contains("gated: tokens of the old issuer stay valid until"), gated.stdout)
        XCTAssertTrue(gated.stdout.contains("or pass --force"), gated.stdout)
        XCTAssertEqual(try trustedHosts(session, moved), moved.map { _ in [Self.blueHost, Self.greenHost] })

        let cleanup = try session.run(["apply", "--phase", "cleanup", "--force", "--yes"])
        XCTAssertEqual(cleanup.status, 0, cleanup.stdout)
        XCTAssertEqual(try trustedHosts(session, moved), moved.map { _ in [Self.greenHost] })

        let recheck = try session.run(["verify"])
        XCTAssertEqual(recheck.status, 0, "the green issuer's statements alone let the pods in:\n\(recheck.stdout)")
        let check = try XCTUnwrap(plan.steps.first { $0.action == .verifyAssumeRole }?.id)
        XCTAssertEqual(try session.eventKinds(check).filter { $0 == "rechecked" }.count, 1)

        let rollback = try session.run(["rollback", "--all", "--yes"])
        XCTAssertEqual(rollback.status, 0, rollback.stdout + rollback.stderr)
        let compared = try session.compare(blue, try session.snapshot("after"))
        XCTAssertEqual(compared.status, 0, compared.stdout + compared.stderr)
    }

    /// For each role, in ARN order, the issuer hosts its web-identity statements trust.
    private func trustedHosts(_ session: LiveSession, _ roles: Set<String>) throws -> [[String]] {
        let inventory = try session.inventory(try session.snapshot("now-\(UUID().uuidString)"))
        return try roles.sorted().map { arn in
            let role = try XCTUnwrap(inventory.roles.first { $0.arn == arn }, arn)
            let policy = try TrustPolicy(parsing: role.trustPolicyText ?? "")
            let hosts = policy.statements.flatMap(\.federatedProviders).compactMap { ARN($0)?.oidcProviderIssuer }
            return Array(Set(hosts)).sorted()  // blue (.../EXAMPLE...) sorts before green (.../GREEN...)
        }
    }
}
