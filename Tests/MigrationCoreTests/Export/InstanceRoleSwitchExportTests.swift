import MigrationCore
import TestSupport
import XCTest

/// The export of an instance-role `workload` entry's switch: the workload had no kiam
/// annotation, so its patch only sets the dedicated account (no `test` of an annotation).
final class InstanceRoleSwitchExportTests: XCTestCase {
    typealias W = InstanceRoleWorkloadEntryTests

    func testThePatchOnlySetsTheDedicatedAccount() throws {
        var inventory = W.inventory()
        let index = try XCTUnwrap(inventory.workloads.firstIndex { $0.ref == W.uploader })
        inventory.workloads[index].labels["argocd.argoproj.io/instance"] = "apps"
        let plan = try InstanceRoleFixtures.plan(inventory, map: W.map(W.uploaderEntry))
        let files = GitOpsExport.files(for: OwnershipDetector(inventory: inventory).annotating(plan))
        let patch = try XCTUnwrap(files.first { $0.path.hasSuffix("patches/deployment.apps.uploader.json") })
        XCTAssertEqual(
            try JSONValue(parsing: patch.contents),
            .array([
                .object([
                    "op": .string("add"), "path": .string("/spec/template/spec/serviceAccountName"),
                    "value": .string("uploader-irsa"),
                ])
            ]))
    }
}
