import TestSupport
import XCTest

@testable import MigrationCore

/// The files rollback prints for owned steps instead of undoing them live.
final class InverseExportTests: XCTestCase {
    typealias F = ExecutionFixtures

    func testAWorkloadSwitchIsUndoneByAMergePatchOfItsPodTemplate() throws {
        let harness = try F.kiamHarness()
        let step = try XCTUnwrap(harness.step(.switchWorkload, "cronjob/billing/report"))
        let inverse = InverseExport.of(step, restoring: nil)
        let file = try XCTUnwrap(inverse.file)
        XCTAssertEqual(file.path, "rollback/step-\(step.position).switch-workload.json")
        let patch = try JSONValue(parsing: Array(file.contents.utf8))
        let template = patch["spec"]?["jobTemplate"]?["spec"]?["template"]
        XCTAssertEqual(template?["metadata"]?["annotations"]?[Annotations.kiamRole]?.stringValue, "reports")
        let account = template?["spec"]?["serviceAccountName"]
        XCTAssertTrue(
            account == .null || account?.stringValue == "default",
            "back to the default service account: \(String(describing: account))")
        XCTAssertTrue(inverse.instruction.contains("--type merge"), inverse.instruction)
    }

    func testASwitchThatRemovedNoKiamAnnotationIsUndoneByTheServiceAccountNameAlone() throws {
        let change = WorkloadSwitch(previousKiamRole: nil, serviceAccount: .init(from: "builder", to: "reports-irsa"))
        let patch = InverseExport.switchBack(ObjectRef(.deployment, namespace: "shop", name: "reports"), change)
        let template = patch["spec"]?["template"]
        XCTAssertNil(template?["metadata"], "no annotation to put back: \(patch)")
        XCTAssertEqual(template?["spec"]?["serviceAccountName"]?.stringValue, "builder")
    }

    func testATrustStepIsUndoneByTheDocumentGiven() throws {
        let harness = try F.kiamHarness()
        let step = try XCTUnwrap(harness.step(.addTrustStatements, F.orders))
        let before: JSONValue = .object(["Version": .string("2012-10-17"), "Statement": .array([])])
        let file = try XCTUnwrap(InverseExport.of(step, restoring: before).file)
        XCTAssertEqual(try JSONValue(parsing: Array(file.contents.utf8)), before)
        XCTAssertNil(InverseExport.of(step, restoring: nil).file, "no document given: none is made up")
    }
}
