import Foundation
import MigrationCore
import TestSupport
import XCTest

/// `verify` against the harness's STS, which checks web identity like AWS (the token's
/// signature, a provider for its issuer in the role's account, the audience among that
/// provider's client IDs, the role's trust). Each case breaks one of them after a good apply
/// of the `payments` namespace, and one `verify` must fail each check for its own reason.
final class LiveVerifySTSTests: XCTestCase {
    static let lakeProvider =
        "arn:aws:iam::444455556666:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
    static let prodProvider =
        "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"

    func testVerifyFailsOnAMissingProviderAWrongAudienceAndADroppedSubject() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let session = try LiveSession(estate: .payments)
        try session.planKiam()
        let apply = try session.run(["apply", "--namespace", "payments", "--yes"])
        XCTAssertEqual(apply.status, 0, "the strict STS accepts what the plan set up:\n\(apply.stdout)")

        // Missing provider: the lake-reader role's account loses its provider.
        let deleted = try session.aws(
            ["iam", "delete-open-id-connect-provider", "--open-id-connect-provider-arn", Self.lakeProvider], profile: "data")
        XCTAssertEqual(deleted.status, 0, deleted.stderr)
        // Wrong audience: the other account's provider no longer lists the tokens' audience.
        for (verb, clientID) in [("add", "other.example.com"), ("remove", "sts.amazonaws.com")] {
            let edit = try session.aws([
                "iam", "\(verb)-client-id-\(verb == "add" ? "to" : "from")-open-id-connect-provider",
                "--open-id-connect-provider-arn", Self.prodProvider, "--client-id", clientID,
            ])
            XCTAssertEqual(edit.status, 0, edit.stderr)
        }
        // Dropped subject: payments-ledger's trust no longer lists the CronJob's service account.
        let ledger = try XCTUnwrap(try session.trust("payments-ledger", profile: "prod"))
        let dropped = try droppingSubject("system:serviceaccount:payments:payments-statements", from: ledger)
        let update = try session.aws([
            "iam", "update-assume-role-policy", "--role-name", "payments-ledger", "--policy-document", dropped,
        ])
        XCTAssertEqual(update.status, 0, update.stderr)

        let verify = try session.run(["verify", "--namespace", "payments"])
        XCTAssertEqual(verify.status, 1, verify.stdout)
        let failed = verify.stdout.split(separator: "\n").filter { $0.hasPrefix("failed") }.joined(separator: "\n")
        XCTAssertTrue(
            failed.contains(
                "No OpenIDConnect provider found in your account for https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
            ), verify.stdout)
        XCTAssertTrue(failed.contains("Incorrect token audience"), verify.stdout)
        XCTAssertTrue(failed.contains("does not allow system:serviceaccount:payments:payments-statements"), verify.stdout)
    }

    /// A live plan with `--audience` other than the existing provider's client IDs: the
    /// planner reads providers with `list-open-id-connect-providers`, which carries no client
    /// IDs, so it plans an ensure step for the provider that checks them live and adds the
    /// audience; STS then accepts the tokens and verify passes.
    func testAPlanWithANewAudienceMakesTheProviderAcceptIt() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let session = try LiveSession(estate: .payments)
        let plan = try session.run([
            "plan", "kiam-to-irsa", "--issuer", LiveSession.issuer, "--role-base-arn", "arn:aws:iam::111122223333:role/",
            "--audience", "irsa.example.com",
        ])
        XCTAssertEqual(plan.status, 0, plan.stderr)
        let apply = try session.run(["apply", "--only", "statefulset/payments/payments-ledger", "--yes"])
        XCTAssertEqual(apply.status, 0, apply.stdout)
        XCTAssertFalse(apply.stdout.contains("Incorrect token audience"), apply.stdout)
        XCTAssertTrue(apply.stdout.contains("ensure-oidc-provider"), apply.stdout)
    }

    private func droppingSubject(_ subject: String, from document: NSDictionary) throws -> String {
        var copy = document as? [String: Any] ?? [:]
        copy["Statement"] = (document["Statement"] as? [[String: Any]] ?? []).map { statement in
            var statement = statement
            guard var condition = statement["Condition"] as? [String: Any] else { return statement }
            for (operatorName, block) in condition {
                guard var keys = block as? [String: Any] else { continue }
                for (key, value) in keys where key.hasSuffix(":sub") {
                    let values = (value as? [String]) ?? [(value as? String) ?? ""]
                    keys[key] = values.filter { $0 != subject }
                }
                condition[operatorName] = keys
            }
            statement["Condition"] = condition
            return statement
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: copy), as: UTF8.self)
    }
}
