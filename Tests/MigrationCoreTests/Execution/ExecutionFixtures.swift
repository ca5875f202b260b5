import MigrationCore
import TestSupport
import XCTest

/// A plan with the fakes it runs against: one in-memory cluster and account, journal and clock.
struct ExecutionHarness {
    let plan: Plan
    let inventory: Inventory
    let gateway: InMemoryGateway
    let journal = InMemoryJournal()
    let clock = FixedClock()
    var verifier = FakeVerifier()

    init(plan: Plan, inventory: Inventory) {
        self.plan = plan
        self.inventory = inventory
        gateway = InMemoryGateway(inventory)
    }

    func apply(
        _ phases: Set<Phase> = [], concurrency: Int = 4, force: Bool = false, recheck: Bool = false, patchOwned: Bool = false
    ) async throws -> ExecutionReport {
        let executor = Executor(plan: plan, gateway: gateway, journal: journal, verifier: verifier, clock: clock)
        return try await executor.apply(
            ApplyOptions(phases: phases, concurrency: concurrency, force: force, recheck: recheck, patchOwned: patchOwned))
    }

    func rollback(_ selection: RollbackSelection, patchOwned: Bool = false) async throws -> ExecutionReport {
        try await Rollback(plan: plan, gateway: gateway, journal: journal, clock: clock).run(selection, patchOwned: patchOwned)
    }

    func step(_ action: Action, _ target: String) -> Step? {
        plan.steps.first { $0.action == action && $0.target.description == target }
    }

    func outcome(_ report: ExecutionReport, _ action: Action, _ target: String) -> StepOutcome? {
        report.outcomes.first { $0.action == action && $0.target == target }
    }

    /// The live trust policy of a role, parsed.
    func trust(_ arn: String) async throws -> TrustPolicy {
        try TrustPolicy(parsing: await gateway.roles[arn] ?? "")
    }
}

extension ExecutionHarness {
    /// Every role, service account, workload and namespace is as in the inventory it was planned from.
    func assertOriginalState(file: StaticString = #filePath, line: UInt = #line) async throws {
        for role in inventory.roles {
            let original = try TrustPolicy(parsing: role.trustPolicyText ?? "")
            let live = try await trust(role.arn)
            XCTAssertTrue(live.isEquivalent(to: original), "\(role.arn): \(live.json.serialized())", file: file, line: line)
            XCTAssertEqual(live.json, original.json, "statement order restored too", file: file, line: line)
        }
        let accounts = await gateway.serviceAccounts
        XCTAssertEqual(
            accounts, Dictionary(uniqueKeysWithValues: inventory.serviceAccounts.map { ($0.ref, $0) }), file: file,
            line: line)
        let workloads = await gateway.workloads
        for workload in inventory.workloads {
            let expected = PodIdentity(
                serviceAccountName: workload.template.serviceAccountName,
                kiamRole: workload.template.annotations[Annotations.kiamRole])
            XCTAssertEqual(workloads[workload.ref], expected, workload.ref.description, file: file, line: line)
        }
        let namespaces = await gateway.namespaces
        for namespace in inventory.namespaces {
            XCTAssertEqual(namespaces[namespace.name], namespace.annotations, file: file, line: line)
        }
    }
}

enum ExecutionFixtures {
    static let base = "arn:aws:iam::111122223333:role/"
    static let orders = Fixtures.roleARN("orders")
    static let payments = Fixtures.roleARN("payments")
    static let reports = Fixtures.roleARN("reports")

    /// Three kiam workloads: one with its own named account (annotated), one on `default`
    /// (gets a dedicated account) whose role already trusts another subject of the issuer
    /// (merged in place), and a CronJob in another namespace.
    static func kiamInventory() -> Inventory {
        var inventory = Inventory(roles: [
            Fixtures.role("orders"),
            Fixtures.role("payments", extraStatements: [Fixtures.irsaStatement(["system:serviceaccount:shop:legacy"])]),
            Fixtures.role("reports"),
        ])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(
            ["shop", "billing"], annotations: ["billing": [Annotations.kiamPermitted: ".*"]])
        inventory.serviceAccounts.append(Fixtures.serviceAccount("shop", "orders"))
        inventory.workloads = [
            Fixtures.workload(.deployment, "shop", "orders", role: "orders", serviceAccount: "orders"),
            Fixtures.workload(.deployment, "shop", "pay", role: "payments"),
            Fixtures.workload(.cronjob, "billing", "report", role: "reports"),
        ]
        return inventory
    }

    static func kiamHarness(_ inventory: Inventory = kiamInventory(), cleanup: Bool = false) throws -> ExecutionHarness {
        let options = KiamToIRSAOptions(
            issuer: Fixtures.issuer, roleBaseARN: base, cleanup: cleanup, agentRoles: [Fixtures.kiamServer])
        let plan = KiamToIRSAPlanner(options: options).plan(inventory, createdAt: Fixtures.pinnedTime)
        return ExecutionHarness(plan: plan, inventory: inventory)
    }

    static let oldIssuer = IssuerURL("https://old.example.com/cluster")!
    static let newIssuer = IssuerURL("https://new.example.com/cluster")!

    static func oldProvider() -> String {
        ARN.oidcProvider(partition: "aws", account: Fixtures.account, issuer: oldIssuer).description
    }

    /// Roles trusting the old issuer; the old provider is known with its client id.
    static func issuerMoveHarness(
        roles count: Int = 2, tokenLifetime: Int = 3600, deleteOldProvider: Bool = false
    ) throws -> ExecutionHarness {
        let roles = (0..<count).map { index in
            let statement = Fixtures.irsaStatement(["system:serviceaccount:app:svc\(index)"], issuer: oldIssuer)
            let arn = Fixtures.roleARN("app\(index)")
            return IAMRole(
                arn: arn, name: "app\(index)", trustPolicyText: #"{"Version":"2012-10-17","Statement":[\#(statement)]}"#)
        }
        let inventory = Inventory(
            roles: roles,
            oidcProviders: [OIDCProvider(arn: oldProvider(), url: oldIssuer.hostAndPath, clientIDs: ["sts.amazonaws.com"])])
        let options = IssuerMoveOptions(
            from: oldIssuer, to: newIssuer, tokenLifetime: tokenLifetime, deleteOldProvider: deleteOldProvider)
        let plan = IssuerMovePlanner(options: options).plan(inventory, createdAt: Fixtures.pinnedTime)
        return ExecutionHarness(plan: plan, inventory: inventory)
    }
}
