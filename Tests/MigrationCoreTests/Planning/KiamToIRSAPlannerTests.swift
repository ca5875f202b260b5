import MigrationCore
import TestSupport
import XCTest

final class KiamToIRSAPlannerTests: XCTestCase {
    let base = "arn:aws:iam::111122223333:role/"

    func plan(_ inventory: Inventory, base: String? = "arn:aws:iam::111122223333:role/", quota: Int = 2048) throws -> Plan {
        KiamToIRSAPlanner(options: KiamToIRSAOptions(issuer: Fixtures.issuer, roleBaseARN: base, trustPolicyQuota: quota))
            .plan(inventory, createdAt: Fixtures.pinnedTime)
    }

    func actions(_ plan: Plan) -> [String] {
        plan.steps.map { "\($0.action.rawValue) \($0.target)" }
    }

    func testNamedAccountIsAnnotatedAndRoleTrustsIt() throws {
        var inventory = Inventory(roles: [Fixtures.role("orders")])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["shop"])
        inventory.serviceAccounts.append(Fixtures.serviceAccount("shop", "orders"))
        inventory.workloads = [Fixtures.workload(.deployment, "shop", "orders", role: "orders", serviceAccount: "orders")]
        let plan = try plan(inventory)
        XCTAssertEqual(
            actions(plan),
            [
                "ensure-oidc-provider arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                "add-trust-statements arn:aws:iam::111122223333:role/orders",
                "annotate-service-account serviceaccount/shop/orders",
                "switch-workload deployment/shop/orders",
                "verify-workload deployment/shop/orders",
                "verify-assume-role serviceaccount/shop/orders",
            ])
        let added = plan.steps[1].payload.trustEdit?.add ?? []
        XCTAssertEqual(added.count, 1)
        XCTAssertEqual(
            added.first?["Condition"]?["StringEquals"]?["oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"],
            .string("system:serviceaccount:shop:orders"))
        guard case .switchWorkload(let change) = plan.steps[3].payload else { return XCTFail("step 4 switches the workload") }
        XCTAssertNil(change.serviceAccount, "same account: no service account change")
        XCTAssertEqual(plan.summary.workloads, 1)
        XCTAssertTrue(plan.findings.isEmpty, "\(plan.findings)")
    }

    func testNamesResolveWithPathsAndLeadingSlash() throws {
        var inventory = Inventory(roles: [Fixtures.role("team/app"), Fixtures.role("other")])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["a"])
        inventory.workloads = [
            Fixtures.workload(.deployment, "a", "one", role: "/team/app"),
            Fixtures.workload(.cronjob, "a", "two", role: "arn:aws:iam::111122223333:role/other"),
        ]
        let plan = try plan(inventory)
        let trustTargets = plan.steps.filter { $0.action == .addTrustStatements }.map(\.target.description)
        XCTAssertEqual(trustTargets, ["arn:aws:iam::111122223333:role/other", "arn:aws:iam::111122223333:role/team/app"])
    }

    func testBareNameWithoutBaseARNIsAFindingNotAGuess() throws {
        var inventory = Inventory(roles: [Fixtures.role("orders")])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["shop"])
        inventory.workloads = [Fixtures.workload(.deployment, "shop", "orders", role: "orders")]
        let plan = try plan(inventory, base: nil)
        XCTAssertEqual(plan.findings.map(\.code), ["role-name-unresolved"])
        XCTAssertTrue(plan.steps.isEmpty)
        XCTAssertEqual(plan.summary.blocked, 1)
    }

    func testDefaultAccountIsNeverAnnotatedAndDedicatedNamesDoNotCollide() throws {
        var inventory = Inventory(roles: [Fixtures.role("a"), Fixtures.role("b")])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["ns"])
        inventory.serviceAccounts.append(Fixtures.serviceAccount("ns", "web"))
        inventory.workloads = [
            Fixtures.workload(.deployment, "ns", "web", role: "a"),
            Fixtures.workload(.cronjob, "ns", "report", role: "b"),
        ]
        let plan = try plan(inventory)
        XCTAssertFalse(
            plan.steps.contains { $0.target.description == "serviceaccount/ns/default" && $0.action == .annotateServiceAccount })
        XCTAssertEqual(
            plan.steps.filter { $0.action == .createServiceAccount }.map(\.target.description),
            ["serviceaccount/ns/report", "serviceaccount/ns/web-irsa"])
        let switchWeb = plan.steps.first { $0.action == .switchWorkload && $0.target.description == "deployment/ns/web" }
        guard case .switchWorkload(let change) = switchWeb?.payload else { return XCTFail("web is switched") }
        XCTAssertEqual(change.serviceAccount?.to, "web-irsa")
        XCTAssertNotNil(change.serviceAccount)
        XCTAssertNil(change.serviceAccount?.from, "rollback returns to the unset (default) account")
    }

    /// Planning again after prepare, before the cutover: the dedicated accounts prepare made
    /// are reused, not made once more under the next free name (with one more trusted subject).
    func testPlanningAgainAfterPrepareReusesTheDedicatedAccounts() throws {
        var inventory = Inventory(roles: [Fixtures.role("a"), Fixtures.role("b")])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["ns"])
        inventory.serviceAccounts.append(Fixtures.serviceAccount("ns", "web"))
        inventory.workloads = [
            Fixtures.workload(.deployment, "ns", "web", role: "a"), Fixtures.workload(.cronjob, "ns", "web", role: "a"),
            Fixtures.workload(.deployment, "ns", "api", role: "b"),
        ]
        let first = try plan(inventory)
        let created = first.steps.filter { $0.action == .createServiceAccount }
        XCTAssertEqual(
            created.map(\.target.description),
            ["serviceaccount/ns/api", "serviceaccount/ns/web-irsa", "serviceaccount/ns/web-irsa-2"])
        // Prepare, as apply makes it: the accounts, and each role's trust as planned.
        for step in created {
            guard case .createServiceAccount(let creation) = step.payload, let ref = step.target.objectRef else {
                return XCTFail("\(step.id) creates a service account")
            }
            inventory.serviceAccounts.append(
                ServiceAccount(
                    namespace: ref.namespace, name: ref.name, labels: creation.labels, annotations: creation.annotations))
        }
        inventory.roles = inventory.roles.map { role in
            guard let change = first.roles.first(where: { $0.arn == role.arn }) else { return role }
            return IAMRole(arn: role.arn, name: role.name, trustPolicyText: change.after.serialized())
        }
        let again = try plan(inventory)
        XCTAssertEqual(again.findings.filter { $0.severity == .error }, [])
        XCTAssertFalse(again.steps.contains { $0.action == .createServiceAccount || $0.action == .addTrustStatements })
        let switched = again.steps.compactMap { step -> String? in
            guard case .switchWorkload(let change) = step.payload else { return nil }
            return "\(step.target) \(change.serviceAccount?.to ?? "-")"
        }
        XCTAssertEqual(
            switched,
            first.steps.compactMap { step -> String? in
                guard case .switchWorkload(let change) = step.payload else { return nil }
                return "\(step.target) \(change.serviceAccount?.to ?? "-")"
            })
    }

    func testSharedAccountWithDifferentRolesGetsDedicatedAccounts() throws {
        var inventory = Inventory(roles: [Fixtures.role("a"), Fixtures.role("b")])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["ns"])
        inventory.serviceAccounts.append(Fixtures.serviceAccount("ns", "shared"))
        inventory.workloads = [
            Fixtures.workload(.deployment, "ns", "x", role: "a", serviceAccount: "shared"),
            Fixtures.workload(.deployment, "ns", "y", role: "b", serviceAccount: "shared"),
        ]
        let plan = try plan(inventory)
        XCTAssertEqual(
            plan.steps.filter { $0.action == .createServiceAccount }.map(\.target.description),
            ["serviceaccount/ns/x", "serviceaccount/ns/y"])
        XCTAssertFalse(plan.steps.contains { $0.target.description == "serviceaccount/ns/shared" })
    }

    func testAccountAnnotatedWithAnotherRoleIsAConflict() throws {
        var inventory = Inventory(roles: [Fixtures.role("a")])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["ns"])
        inventory.serviceAccounts.append(Fixtures.serviceAccount("ns", "app", role: Fixtures.roleARN("zzz")))
        inventory.workloads = [Fixtures.workload(.deployment, "ns", "app", role: "a", serviceAccount: "app")]
        let plan = try plan(inventory)
        XCTAssertEqual(plan.findings.map(\.code), ["service-account-conflict"])
        XCTAssertTrue(plan.steps.isEmpty)
    }

    func testErrorsLeaveTheirItemsOutAndPlanTheRest() throws {
        var inventory = Inventory(roles: [Fixtures.role("good")])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["ns"])
        inventory.workloads = [
            Fixtures.workload(.deployment, "ns", "missing", role: "nope"),
            Fixtures.workload(.deployment, "ns", "extid", role: "good", extraAnnotations: ["iam.amazonaws.com/external-id": "x"]),
            Fixtures.workload(.deployment, "ns", "fine", role: "good"),
        ]
        let plan = try plan(inventory)
        XCTAssertEqual(Set(plan.findings.map(\.code)), ["role-not-found", "kiam-external-id-unsupported"])
        XCTAssertEqual(plan.steps.filter { $0.action == .switchWorkload }.map(\.target.description), ["deployment/ns/fine"])
        XCTAssertEqual(plan.summary.blocked, 2)
    }

    func testAlreadyMigratedEstateHasNoSteps() throws {
        let subject = "system:serviceaccount:ns:app"
        var inventory = Inventory(roles: [Fixtures.role("a", extraStatements: [Fixtures.irsaStatement([subject])])])
        inventory.oidcProviders = [
            OIDCProvider(
                arn: "arn:aws:iam::111122223333:oidc-provider/\(Fixtures.issuer.hostAndPath)", clientIDs: ["sts.amazonaws.com"])
        ]
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["ns"])
        inventory.serviceAccounts.append(Fixtures.serviceAccount("ns", "app", role: Fixtures.roleARN("a")))
        inventory.workloads = [Fixtures.workload(.deployment, "ns", "app", role: nil, serviceAccount: "app")]
        XCTAssertTrue(try plan(inventory).steps.isEmpty)
        // Partly migrated: the kiam annotation is still there, everything else is done.
        inventory.workloads = [Fixtures.workload(.deployment, "ns", "app", role: "a", serviceAccount: "app")]
        XCTAssertEqual(
            actions(try plan(inventory)),
            [
                "switch-workload deployment/ns/app", "verify-workload deployment/ns/app",
                "verify-assume-role serviceaccount/ns/app",
            ])
    }

    /// `list-open-id-connect-providers` carries no client ids: the planner must not assume the
    /// provider accepts the audience, so it plans an ensure step that apply checks live.
    func testAProviderWhoseClientIDsAreUnknownGetsAnEnsureStep() throws {
        let subject = "system:serviceaccount:ns:app"
        let arn = "arn:aws:iam::111122223333:oidc-provider/\(Fixtures.issuer.hostAndPath)"
        var inventory = Inventory(roles: [Fixtures.role("a", extraStatements: [Fixtures.irsaStatement([subject])])])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["ns"])
        inventory.serviceAccounts.append(Fixtures.serviceAccount("ns", "app", role: Fixtures.roleARN("a")))
        inventory.workloads = [Fixtures.workload(.deployment, "ns", "app", role: "a", serviceAccount: "app")]
        inventory.oidcProviders = [OIDCProvider(arn: arn, clientIDs: nil)]
        let ensure = try XCTUnwrap(try plan(inventory).steps.first { $0.action == .ensureOIDCProvider })
        XCTAssertEqual(ensure.target.description, arn)
        XCTAssertTrue(ensure.summary.contains("its client ids were not read"), ensure.summary)
        guard case .ensureOIDCProvider(let payload) = ensure.payload else { return XCTFail("not an ensure payload") }
        XCTAssertEqual(payload.clientIDs, ["sts.amazonaws.com"])
        inventory.oidcProviders = [OIDCProvider(arn: arn, clientIDs: ["sts.amazonaws.com"])]
        XCTAssertFalse(try plan(inventory).steps.contains { $0.action == .ensureOIDCProvider }, "known and accepted: no step")
    }

    func testMissingSubjectIsMergedIntoTheExistingStatement() throws {
        let existing = "system:serviceaccount:ns:old"
        var inventory = Inventory(roles: [Fixtures.role("a", extraStatements: [Fixtures.irsaStatement([existing])])])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["ns"])
        inventory.serviceAccounts.append(Fixtures.serviceAccount("ns", "app"))
        inventory.workloads = [Fixtures.workload(.deployment, "ns", "app", role: "a", serviceAccount: "app")]
        let trust = try XCTUnwrap(try plan(inventory).steps.first { $0.action == .addTrustStatements })
        XCTAssertEqual(trust.payload.trustEdit?.remove.count, 1, "the old statement is replaced")
        let merged = trust.payload.trustEdit?.add.first
        XCTAssertEqual(
            merged?["Condition"]?["StringEquals"]?["oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"],
            .strings(["system:serviceaccount:ns:app", existing]), "merged subjects are sorted")
    }

    func testTrustThatWouldExceedTheQuotaIsAFindingWithBothNumbers() throws {
        var inventory = Inventory(roles: [Fixtures.role("a")])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["ns"])
        inventory.workloads = [Fixtures.workload(.deployment, "ns", "app", role: "a")]
        let plan = try plan(inventory, quota: 300)
        let finding = try XCTUnwrap(plan.findings.first)
        XCTAssertEqual(finding.code, "trust-policy-too-large")
        XCTAssertTrue(finding.message.contains("quota 300"), finding.message)
        XCTAssertTrue(finding.message.hasSuffix("(left out: deployment/ns/app)"), "names what it leaves out: \(finding.message)")
        XCTAssertTrue(plan.steps.isEmpty)
    }

    func testWarningsForEnvHostNetworkAndManagedObjects() throws {
        var inventory = Inventory(roles: [Fixtures.role("a")])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["ns"])
        inventory.workloads = [
            Fixtures.workload(.daemonset, "ns", "agent", role: "a", env: ["AWS_ACCESS_KEY_ID"], hostNetwork: true),
            Fixtures.workload(.deployment, "ns", "helm", role: "a", labels: ["app.kubernetes.io/managed-by": "Helm"]),
        ]
        let codes = Set(try plan(inventory).findings.map(\.code))
        XCTAssertEqual(codes, ["static-aws-credentials-in-env", "host-network-pod", "managed-by-helm"])
    }

    func testNamespaceRestrictionsWarnWhenTheRoleIsNotPermitted() throws {
        var inventory = Inventory(roles: [Fixtures.role("apps/orders"), Fixtures.role("apps/billing")])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(
            ["kiam", "k2"],
            annotations: [
                "kiam": ["iam.amazonaws.com/permitted": "arn:aws:iam::111122223333:role/apps/orders.*"],
                "k2": ["iam.amazonaws.com/allowed-roles": #"["apps/orders"]"#],
            ])
        inventory.workloads = [
            Fixtures.workload(.deployment, "kiam", "orders", role: "apps/orders"),
            Fixtures.workload(.deployment, "kiam", "billing", role: "apps/billing"),
            Fixtures.workload(.deployment, "k2", "orders", role: "apps/orders"),
            Fixtures.workload(.deployment, "k2", "billing", role: "apps/billing"),
        ]
        let warnings = try plan(inventory).findings.filter { $0.code == "namespace-does-not-permit-role" }.map(\.subject)
        XCTAssertEqual(warnings.sorted(), ["deployment/k2/billing", "deployment/kiam/billing"])
    }

    func testCleanupRemovesAgentTrustOnlyWhenNoWorkloadStillNeedsIt() throws {
        var inventory = Inventory(roles: [Fixtures.role("a"), Fixtures.role("b")])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(
            ["ns"], annotations: ["ns": ["iam.amazonaws.com/permitted": ".*"]])
        inventory.workloads = [
            Fixtures.workload(.deployment, "ns", "x", role: "a"),
            Fixtures.workload(.deployment, "ns", "y", role: "b"),
            Fixtures.workload(.deployment, "ns", "z", role: "b", extraAnnotations: ["iam.amazonaws.com/external-id": "e"]),
        ]
        let options = KiamToIRSAOptions(
            issuer: Fixtures.issuer, roleBaseARN: base, cleanup: true, agentRoles: [Fixtures.kiamServer])
        let plan = KiamToIRSAPlanner(options: options).plan(inventory, createdAt: Fixtures.pinnedTime)
        let cleanup = plan.steps.filter { $0.phase == .cleanup }
        XCTAssertEqual(
            cleanup.map(\.target.description), ["arn:aws:iam::111122223333:role/a"],
            "b still serves z through kiam; ns keeps its annotation")
        XCTAssertTrue(plan.findings.contains { $0.code == "agent-trust-kept" })
        let removed = cleanup.first?.payload.trustEdit?.remove.first
        XCTAssertEqual(removed?["Principal"]?["AWS"], .string(Fixtures.kiamServer))
        XCTAssertFalse(cleanup.first?.dependsOn.isEmpty ?? true, "cleanup waits for verify")
    }

    /// A statement trusting the agent beside another principal keeps the agent's access: cleanup
    /// leaves the role and says so, rather than removing statements that revoke nothing.
    func testCleanupNamesAnAgentStatementSharedWithOtherPrincipals() {
        let shared =
            #"{"Effect":"Allow","Principal":{"AWS":["\#(Fixtures.kiamServer)","arn:aws:iam::111122223333:role/ci"]},"Action":"sts:AssumeRole"}"#
        var inventory = Inventory(roles: [Fixtures.role("a", extraStatements: [shared])])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["ns"])
        inventory.workloads = [Fixtures.workload(.deployment, "ns", "x", role: "a")]
        let options = KiamToIRSAOptions(
            issuer: Fixtures.issuer, roleBaseARN: base, cleanup: true, agentRoles: [Fixtures.kiamServer])
        let plan = KiamToIRSAPlanner(options: options).plan(inventory, createdAt: Fixtures.pinnedTime)
        XCTAssertEqual(plan.findings.filter { $0.code == "agent-trust-shared" }.map(\.subject), [Fixtures.roleARN("a")])
        XCTAssertFalse(
            plan.steps.contains { $0.action == .removeTrustStatements },
            "the agent keeps its access through it: nothing to remove")
        XCTAssertFalse(plan.findings.contains { $0.severity == .error }, "\(plan.findings)")
    }

    /// kube2iam `--default-role`: the workloads without the annotation get that role today, so
    /// cleanup keeps the agent's trust on it while any of them is left (hostNetwork pods bypass
    /// kube2iam and do not count).
    func testCleanupKeepsTheAgentTrustOfKube2iamsDefaultRole() throws {
        var inventory = Inventory(roles: [Fixtures.role("fallback")])
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["ns"])
        var agent = Fixtures.workload(.daemonset, "kube-system", "kube2iam", role: nil, hostNetwork: true)
        agent.template.containers = [
            Container(name: "kube2iam", image: "jtblin/kube2iam:0.11.2", arguments: ["--default-role=fallback"])
        ]
        let moving = Fixtures.workload(.deployment, "ns", "web", role: "fallback")
        let options = KiamToIRSAOptions(
            issuer: Fixtures.issuer, roleBaseARN: base, cleanup: true, agentRoles: [Fixtures.kiamServer])
        func cleanupTargets(_ others: [Workload]) -> [String] {
            inventory.workloads = [agent, moving] + others
            return KiamToIRSAPlanner(options: options).plan(inventory, createdAt: Fixtures.pinnedTime).steps
                .filter { $0.phase == .cleanup && $0.action == .removeTrustStatements }.map(\.target.description)
        }
        XCTAssertEqual(cleanupTargets([Fixtures.workload(.deployment, "ns", "plain", role: nil)]), [])
        XCTAssertEqual(
            cleanupTargets([Fixtures.workload(.daemonset, "ns", "host", role: nil, hostNetwork: true)]),
            [Fixtures.roleARN("fallback")])
    }

    func testShuffledInputGivesTheSamePlan() throws {
        var inventory = Inventory(roles: (1...6).map { Fixtures.role("r\($0)") })
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(["a", "b", "c"])
        inventory.workloads = (1...12).map { index in
            Fixtures.workload(.deployment, ["a", "b", "c"][index % 3], "w\(index)", role: "r\(index % 6 + 1)")
        }
        let expected = String(decoding: PlanJSONRenderer.render(try plan(inventory)), as: UTF8.self)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            var shuffled = inventory
            shuffled.workloads.shuffle(using: &generator)
            shuffled.roles.shuffle(using: &generator)
            shuffled.namespaces.shuffle(using: &generator)
            shuffled.serviceAccounts.shuffle(using: &generator)
            XCTAssertEqual(String(decoding: PlanJSONRenderer.render(try plan(shuffled)), as: UTF8.self), expected)
        }
    }
}
