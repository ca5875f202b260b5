import MigrationCore
import TestSupport
import XCTest

final class OwnershipDetectorTests: XCTestCase {
    func owner(labels: [String: String] = [:], annotations: [String: String] = [:], namespaceLabels: [String: String] = [:])
        -> Owner?
    {
        var inventory = Inventory(roles: [Fixtures.role("app")])
        inventory.namespaces = [Namespace(name: "shop", labels: namespaceLabels, annotations: Fixtures.permitAll)]
        inventory.serviceAccounts = [Fixtures.serviceAccount("shop", "app")]
        var workload = Fixtures.workload(.deployment, "shop", "app", role: "app", serviceAccount: "app", labels: labels)
        workload.annotations = annotations
        inventory.workloads = [workload]
        let plan = KiamToIRSAPlanner(
            options: KiamToIRSAOptions(issuer: Fixtures.issuer, roleBaseARN: "arn:aws:iam::111122223333:role/")
        ).plan(inventory, createdAt: Fixtures.pinnedTime)
        let annotated = OwnershipDetector(inventory: inventory).annotating(plan)
        return annotated.steps.first { $0.action == .switchWorkload }?.owner
    }

    func testEachToolIsReadFromItsMarkers() {
        XCTAssertEqual(owner(labels: ["argocd.argoproj.io/instance": "shop"])?.folder, "argocd/shop")
        XCTAssertEqual(
            owner(annotations: ["argocd.argoproj.io/tracking-id": "shop-app:apps/Deployment:shop/app"])?.folder, "argocd/shop-app"
        )
        XCTAssertEqual(
            owner(labels: ["kustomize.toolkit.fluxcd.io/name": "apps", "kustomize.toolkit.fluxcd.io/namespace": "flux-system"])?
                .folder, "flux-kustomization/flux-system/apps")
        XCTAssertEqual(
            owner(annotations: ["meta.helm.sh/release-name": "web", "meta.helm.sh/release-namespace": "shop"])?.folder,
            "helm/shop/web")
        XCTAssertEqual(owner(labels: ["helm.sh/chart": "web-1.0.0", "app.kubernetes.io/instance": "web"])?.kind, .helm)
        XCTAssertEqual(owner(labels: ["app.kubernetes.io/managed-by": "kustomize"])?.kind, .kustomize)
        XCTAssertNil(owner(labels: ["app.kubernetes.io/managed-by": "kubectl"]))
    }

    func testTheSyncingToolWinsOverHelmAndRemembersTheChart() {
        let flux = owner(
            labels: ["helm.toolkit.fluxcd.io/name": "web", "helm.toolkit.fluxcd.io/namespace": "shop"],
            annotations: ["meta.helm.sh/release-name": "shop-web"])
        XCTAssertEqual(flux?.kind, .fluxHelmRelease)
        let argo = owner(labels: ["argocd.argoproj.io/instance": "shop", "helm.sh/chart": "web-1.0.0"])
        XCTAssertEqual(argo?.kind, .argoCD)
        XCTAssertEqual(argo?.rendersWithHelm, true)
    }

    func testANamespaceLabelCountsForObjectsWithoutTheirOwn() {
        let inherited = owner(namespaceLabels: ["argocd.argoproj.io/instance": "team"])
        XCTAssertEqual(inherited?.folder, "argocd/team")
        XCTAssertEqual(inherited?.evidence, "namespace/shop label argocd.argoproj.io/instance=team")
    }

    func testRoleTags() {
        func roleOwner(_ tags: [String: String], rules: [IaCTagRule] = []) -> Owner? {
            var role = Fixtures.role("app")
            role.tags = tags
            return OwnershipDetector(inventory: Inventory(roles: [role]), rules: rules).owner(ofRole: role.arn)
        }
        XCTAssertEqual(roleOwner(["aws:cloudformation:stack-name": "iam"])?.folder, "cloudformation/iam")
        XCTAssertEqual(roleOwner(["ManagedBy": "Terraform"])?.kind, .terraform)
        XCTAssertEqual(roleOwner(["managed-by": "terraform"])?.kind, .terraform)
        XCTAssertEqual(roleOwner(["Terraform": "true"])?.kind, .terraform)
        XCTAssertNil(roleOwner(["terraform": "false"]))
        XCTAssertNil(roleOwner(["ManagedBy": "console"]))
        let rule = IaCTagRule(parsing: "team:iac=Pulumi")
        XCTAssertEqual(roleOwner(["team:iac": "pulumi"], rules: [rule].compactMap { $0 })?.name, "team:iac=pulumi")
        XCTAssertNil(roleOwner(["team:iac": "cdk"], rules: [rule].compactMap { $0 }))
        XCTAssertNil(IaCTagRule(parsing: "=x"))
    }

    /// Objects are looked up by name; when a name repeats, the first one listed counts.
    func testTheFirstOfRepeatedObjectsCounts() {
        var first = Fixtures.role("app")
        first.tags = ["ManagedBy": "Terraform"]
        var second = Fixtures.role("app")
        second.tags = ["aws:cloudformation:stack-name": "iam"]
        let untagged = Fixtures.role("other")
        var inventory = Inventory(roles: [first, second, untagged])
        inventory.namespaces = [
            Namespace(name: "shop", labels: ["argocd.argoproj.io/instance": "one"], annotations: [:]),
            Namespace(name: "shop", labels: ["argocd.argoproj.io/instance": "two"], annotations: [:]),
        ]
        inventory.authorizationDetails = AuthorizationDetails(roles: [
            RoleDetail(arn: untagged.arn, name: "other", trustPolicyText: nil, tags: ["ManagedBy": "Terraform"])
        ])
        let detector = OwnershipDetector(inventory: inventory)
        XCTAssertEqual(detector.owner(ofRole: first.arn)?.kind, .terraform)
        XCTAssertEqual(detector.owner(ofRole: untagged.arn)?.kind, .terraform, "untagged in the list: the details' tags")
        XCTAssertNil(detector.owner(ofRole: "arn:aws:iam::111122223333:role/missing"))
        XCTAssertEqual(detector.owner(ofObject: .serviceAccount("shop", "app"))?.folder, "argocd/one")
        XCTAssertEqual(detector.owner(ofObject: .namespace("shop"))?.folder, "argocd/one")
    }

    func testAFolderNameNeverLeavesTheExportDirectory() {
        XCTAssertEqual(Owner(.argoCD, name: "../../etc", evidence: "").folder, "argocd/.._.._etc")
        XCTAssertEqual(Owner(.argoCD, name: "..", evidence: "").folder, "argocd/_")
    }
}
