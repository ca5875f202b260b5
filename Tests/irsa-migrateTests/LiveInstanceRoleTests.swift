import Foundation
import MigrationCore
import TestSupport
import XCTest

/// `plan instance-role` with the real kubectl and aws against the emulators: a node role with
/// an inline and a customer managed policy, a map that copies both to catalog-images' own
/// role, prepare and cutover, then rollback back to the node role alone.
final class LiveInstanceRoleTests: XCTestCase {
    static let nodeRole = "arn:aws:iam::111122223333:role/eks-nodes"
    static let newRole = "irsa-catalog-catalog-images"
    static let policyDocument =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#

    func testPrepareAndCutoverThenRollbackLeaveOnlyTheNodeRole() throws {
        if let reason = EmulatorHarness.unavailableReason { throw XCTSkip(reason) }
        let session = try LiveSession(estate: .full)
        let trust =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        for call in [
            ["iam", "create-role", "--role-name", "eks-nodes", "--assume-role-policy-document", trust],
            [
                "iam", "put-role-policy", "--role-name", "eks-nodes", "--policy-name", "PolicyImages", "--policy-document",
                Self.policyDocument,
            ],
            ["iam", "create-policy", "--policy-name", "images-extra", "--policy-document", Self.policyDocument],
            [
                "iam", "attach-role-policy", "--role-name", "eks-nodes", "--policy-arn",
                "arn:aws:iam::111122223333:policy/images-extra",
            ],
        ] {
            let result = try session.aws(call)
            XCTAssertEqual(result.status, 0, "\(call[1]): \(result.stderr)")
        }
        try assertSnapshotWritesAuthorizationDetailsOnlyWhenAsked(session)
        let map = session.work.appendingPathComponent("map.json")
        try Data(
            #"{"serviceAccounts": [{"metadata": {"name": "catalog-images", "namespace": "catalog"}, "copyFromNodeRole": ["PolicyImages", "images-extra"], "detachFromNodeRole": true}]}"#
                .utf8
        ).write(to: map)
        let planned = try session.run([
            "plan", "instance-role", "--issuer", LiveSession.issuer, "--node-role", Self.nodeRole, "--service-accounts", map.path,
        ])
        XCTAssertEqual(planned.status, 0, planned.stderr)
        let plan = try session.storedPlan()
        XCTAssertEqual(plan.header.kind, .instanceRole)
        XCTAssertFalse(plan.findings.contains { $0.severity == .error }, "\(plan.findings)")
        XCTAssertEqual(
            Set(plan.steps.filter { $0.phase == .prepare || $0.phase == .cutover }.map(\.action)),
            [.createRole, .attachRolePolicy, .putRolePolicy, .annotateServiceAccount, .restartWorkload], planned.stdout)

        for phase in ["prepare", "cutover"] {
            let applied = try session.run(["apply", "--phase", phase, "--yes"])
            XCTAssertEqual(applied.status, 0, applied.stdout + applied.stderr)
        }
        let attached = try session.aws(["iam", "list-attached-role-policies", "--role-name", Self.newRole])
        XCTAssertTrue(attached.stdout.contains("policy/images-extra"), attached.stdout + attached.stderr)
        let inline = try session.aws(["iam", "list-role-policies", "--role-name", Self.newRole])
        XCTAssertTrue(inline.stdout.contains("PolicyImages"), inline.stdout)
        let role = try session.aws(["iam", "get-role", "--role-name", Self.newRole])
        XCTAssertTrue(role.stdout.contains(plan.header.id), "tagged with the plan id: \(role.stdout)")
        XCTAssertTrue(role.stdout.contains("system:serviceaccount:catalog:catalog-images"), role.stdout)

        let rollback = try session.run(["rollback", "--all", "--yes"])
        XCTAssertEqual(rollback.status, 0, rollback.stdout + rollback.stderr)
        let gone = try session.aws(["iam", "get-role", "--role-name", Self.newRole])
        XCTAssertNotEqual(gone.status, 0, "the created role is deleted: \(gone.stdout)")
        let node = try session.aws(["iam", "list-attached-role-policies", "--role-name", "eks-nodes"])
        XCTAssertTrue(node.stdout.contains("policy/images-extra"), "the node role is untouched: \(node.stdout)")
    }

    /// `snapshot --include-authorization-details` writes the file `plan instance-role` reads
    /// (the node role with its inline policy), and a plain snapshot does not make that call.
    private func assertSnapshotWritesAuthorizationDetailsOnlyWhenAsked(_ session: LiveSession) throws {
        for (flag, expected) in [(["--include-authorization-details"], true), ([], false)] {
            let directory = session.work.appendingPathComponent("snapshot-\(expected)")
            let taken = try BinaryRunner.run(
                ["snapshot", "--out", directory.path] + flag + session.live, environment: session.environment)
            XCTAssertEqual(taken.status, 0, taken.stderr)
            let file = directory.appendingPathComponent("iam-authorization-details.json")
            XCTAssertEqual(FileManager.default.fileExists(atPath: file.path), expected, "\(flag)")
            guard expected else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            XCTAssertTrue(text.contains("\"RoleName\": \"eks-nodes\"") && text.contains("PolicyImages"), text)
        }
    }
}
