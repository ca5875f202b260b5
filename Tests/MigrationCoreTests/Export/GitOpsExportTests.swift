import MigrationCore
import TestSupport
import XCTest

final class GitOpsExportTests: XCTestCase {
    /// shop/app is Argo CD's and moves to a dedicated account; role app is Terraform's.
    func exported() throws -> [String: String] {
        var role = Fixtures.role("app")
        role.tags = ["ManagedBy": "terraform"]
        var inventory = Inventory(roles: [role, Fixtures.role("other")])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["shop"])
        inventory.workloads = [
            Fixtures.workload(.cronjob, "shop", "app", role: "app", labels: ["argocd.argoproj.io/instance": "shop"]),
            Fixtures.workload(.deployment, "shop", "other", role: "other"),
        ]
        let plan = KiamToIRSAPlanner(
            options: KiamToIRSAOptions(issuer: Fixtures.issuer, roleBaseARN: "arn:aws:iam::111122223333:role/")
        ).plan(inventory, createdAt: Fixtures.pinnedTime)
        let files = GitOpsExport.files(for: OwnershipDetector(inventory: inventory).annotating(plan))
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
    }

    func testTheWorkloadPatchRemovesTheAnnotationAndSetsTheAccount() throws {
        let files = try exported()
        let patch = try JSONValue(parsing: try XCTUnwrap(files["argocd/shop/patches/cronjob.shop.app.json"]))
        let pointer = "/spec/jobTemplate/spec/template/metadata/annotations/iam.amazonaws.com~1role"
        XCTAssertEqual(
            patch,
            .array([
                .object(["op": .string("test"), "path": .string(pointer), "value": .string("app")]),
                .object(["op": .string("remove"), "path": .string(pointer)]),
                .object([
                    "op": .string("add"), "path": .string("/spec/jobTemplate/spec/template/spec/serviceAccountName"),
                    "value": .string("app"),
                ]),
            ]))
        let account = try JSONValue(parsing: try XCTUnwrap(files["argocd/shop/serviceaccounts/shop.app.yaml"]))
        XCTAssertEqual(account["kind"], .string("ServiceAccount"))
        XCTAssertEqual(
            account["metadata"]?["annotations"]?["eks.amazonaws.com/role-arn"], .string("arn:aws:iam::111122223333:role/app"))
    }

    func testTheOwnedRoleGetsItsWholeTrustAfterPrepare() throws {
        let files = try exported()
        let trust = try JSONValue(parsing: try XCTUnwrap(files["terraform/roles/app/trust-after-prepare.json"]))
        let statements = trust["Statement"]?.arrayValue ?? []
        XCTAssertEqual(statements.count, 2, "the kiam statement kept, the IRSA statement added")
        XCTAssertEqual(
            statements.last?["Condition"]?["StringEquals"]?["oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"],
            .string("system:serviceaccount:shop:app"))
        XCTAssertNotNil(files["oidc-providers.json"], "roles are IaC-owned: the provider to declare is written")
    }

    func testUnownedTargetsAreListedNotExported() throws {
        let files = try exported()
        XCTAssertFalse(files.keys.contains { $0.contains("other") })
        let index = try XCTUnwrap(files["INDEX.md"])
        XCTAssertTrue(index.contains("switch-workload `deployment/shop/other`"))
        let trust = try XCTUnwrap(index.range(of: "terraform/roles/app/trust-after-prepare.json"))
        let patch = try XCTUnwrap(index.range(of: "argocd/shop/patches/cronjob.shop.app.json"))
        XCTAssertLessThan(trust.lowerBound, patch.lowerBound, "trust comes before the workload in INDEX.md")
    }
}
