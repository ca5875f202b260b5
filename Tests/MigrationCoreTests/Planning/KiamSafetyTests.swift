import MigrationCore
import TestSupport
import XCTest

/// kiam-to-irsa on estates that used to widen access or break workloads silently.
final class KiamSafetyTests: XCTestCase {
    let permitAll = ["iam.amazonaws.com/permitted": ".*"]

    func plan(_ inventory: Inventory, options: KiamToIRSAOptions? = nil) -> Plan {
        let options = options ?? KiamToIRSAOptions(issuer: Fixtures.issuer, roleBaseARN: "arn:aws:iam::111122223333:role/")
        return KiamToIRSAPlanner(options: options).plan(inventory, createdAt: Fixtures.pinnedTime)
    }

    func inventory(namespaces names: [String], annotations: [String: [String: String]]? = nil) -> Inventory {
        var inventory = Inventory()
        let all = annotations ?? Dictionary(uniqueKeysWithValues: names.map { ($0, permitAll) })
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(names, annotations: all)
        return inventory
    }

    // Class 4: an Allow that a Deny of the same role cancels is not planned.
    func testSubjectDeniedByTheRoleIsAnErrorAndStaysOnKiam() {
        let h = Fixtures.issuer.hostAndPath
        let provider = "arn:aws:iam::111122223333:oidc-provider/\(h)"
        let deny =
            #"{"Effect":"Deny","Principal":{"Federated":"\#(provider)"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"\#(h):sub":"system:serviceaccount:shop:*"}}}"#
        var inventory = inventory(namespaces: ["shop", "ops"])
        inventory.roles = [Fixtures.role("orders", extraStatements: [deny]), Fixtures.role("tools")]
        inventory.serviceAccounts += [Fixtures.serviceAccount("shop", "orders"), Fixtures.serviceAccount("ops", "tools")]
        inventory.workloads = [
            Fixtures.workload(.deployment, "shop", "orders", role: "orders", serviceAccount: "orders"),
            Fixtures.workload(.deployment, "ops", "tools", role: "tools", serviceAccount: "tools"),
        ]
        let plan = plan(inventory)
        XCTAssertEqual(plan.findings.map(\.code), ["trust-denies-subject"])
        XCTAssertEqual(plan.findings.first?.subject, "deployment/shop/orders")
        XCTAssertFalse(plan.steps.contains { $0.target.contains("orders") }, "\(plan.steps.map(\.id))")
        XCTAssertTrue(plan.steps.contains { $0.action == .switchWorkload && $0.target == "deployment/ops/tools" })
        XCTAssertEqual(plan.summary.blocked, 1)
    }

    // Class 3: a named account shared with a workload that has no role is not annotated in place.
    func testSharedNamedAccountGetsDedicatedAccountsForTheKiamWorkload() {
        var inventory = inventory(namespaces: ["shop"])
        inventory.roles = [Fixtures.role("orders")]
        inventory.serviceAccounts.append(Fixtures.serviceAccount("shop", "app"))
        inventory.workloads = [
            Fixtures.workload(.deployment, "shop", "orders", role: "orders", serviceAccount: "app"),
            Fixtures.workload(.deployment, "shop", "frontend", role: nil, serviceAccount: "app"),
        ]
        let plan = plan(inventory)
        XCTAssertFalse(plan.steps.contains { $0.action == .annotateServiceAccount }, "\(plan.steps.map(\.id))")
        XCTAssertEqual(plan.steps.filter { $0.action == .createServiceAccount }.map(\.target), ["serviceaccount/shop/orders"])
        XCTAssertEqual(plan.findings.map(\.code), ["shared-service-account"])
    }

    func testAccountUsedOnlyByWorkloadsOfOneRoleIsAnnotatedInPlace() {
        var inventory = inventory(namespaces: ["shop"])
        inventory.roles = [Fixtures.role("orders")]
        inventory.serviceAccounts.append(Fixtures.serviceAccount("shop", "app"))
        inventory.workloads = [
            Fixtures.workload(.deployment, "shop", "orders", role: "orders", serviceAccount: "app"),
            Fixtures.workload(.cronjob, "shop", "orders-report", role: "orders", serviceAccount: "app"),
        ]
        let plan = plan(inventory)
        XCTAssertEqual(plan.steps.filter { $0.action == .annotateServiceAccount }.map(\.target), ["serviceaccount/shop/app"])
        XCTAssertEqual(plan.findings, [])
    }
}
