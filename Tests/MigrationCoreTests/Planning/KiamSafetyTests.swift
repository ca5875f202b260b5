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
        XCTAssertFalse(plan.steps.contains { $0.target.description.contains("orders") }, "\(plan.steps.map(\.id))")
        XCTAssertTrue(plan.steps.contains { $0.action == .switchWorkload && $0.target.description == "deployment/ops/tools" })
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
        XCTAssertEqual(
            plan.steps.filter { $0.action == .createServiceAccount }.map(\.target.description), ["serviceaccount/shop/orders"])
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
        XCTAssertEqual(
            plan.steps.filter { $0.action == .annotateServiceAccount }.map(\.target.description), ["serviceaccount/shop/app"])
        XCTAssertEqual(plan.findings, [])
    }

    // Class 2: namespace restrictions under the agent's own rules.
    static func agent(_ image: String, _ arguments: [String], kind: ObjectRef.Kind = .daemonset) -> Workload {
        Workload(
            ref: ObjectRef(kind, namespace: "kube-system", name: "agent"),
            template: PodTemplate(containers: [Container(name: "agent", image: image, arguments: arguments)]))
    }

    func restrictedInventory(agent: Workload?) -> Inventory {
        var inventory = inventory(
            namespaces: ["open", "closed"],
            annotations: ["open": [:], "closed": ["iam.amazonaws.com/permitted": "arn:aws:iam::111122223333:role/other"]])
        inventory.roles = [Fixtures.role("a"), Fixtures.role("b")]
        inventory.workloads =
            [
                Fixtures.workload(.deployment, "open", "app", role: "a"),
                Fixtures.workload(.deployment, "closed", "app", role: "b"),
            ] + (agent.map { [$0] } ?? [])
        return inventory
    }

    func switched(_ plan: Plan) -> [String] {
        plan.steps.filter { $0.action == .switchWorkload }.map(\.target.description)
    }

    func testForbiddenRoleIsAnErrorWithoutAnAgentAndTheStrictestRulesAreNamed() {
        let plan = plan(restrictedInventory(agent: nil))
        XCTAssertEqual(switched(plan), [])
        XCTAssertEqual(
            plan.findings.map { "\($0.severity.rawValue) \($0.code) \($0.subject)" },
            [
                "error namespace-does-not-permit-role deployment/closed/app",
                "error namespace-does-not-permit-role deployment/open/app",
                "warning agent-not-detected inventory",
            ])
        XCTAssertTrue(plan.findings[0].message.contains("--allow-namespace-forbidden"))
        XCTAssertEqual(plan.summary.blocked, 2)
    }

    func testOptInPlansForbiddenWorkloadsWithAWarning() {
        let options = KiamToIRSAOptions(
            issuer: Fixtures.issuer, roleBaseARN: "arn:aws:iam::111122223333:role/", allowNamespaceForbidden: true)
        let plan = plan(restrictedInventory(agent: nil), options: options)
        XCTAssertEqual(switched(plan), ["deployment/closed/app", "deployment/open/app"])
        XCTAssertFalse(plan.findings.contains { $0.severity == .error })
    }

    func testKube2iamWithoutNamespaceRestrictionsForbidsNothing() {
        let plan = plan(restrictedInventory(agent: Self.agent("jtblin/kube2iam:0.11.1", ["--auto-discover-base-arn"])))
        XCTAssertEqual(switched(plan), ["deployment/closed/app", "deployment/open/app"])
        XCTAssertEqual(plan.findings, [])
    }

    func testKube2iamFlagsAreRead() {
        let agent = Self.agent(
            "docker.io/jtblin/kube2iam:0.11.1",
            ["--namespace-restrictions", "--base-role-arn=arn:aws:iam::111122223333:role/", "--iam-role-key", "team/role"])
        var inventory = inventory(namespaces: ["ns"], annotations: ["ns": ["iam.amazonaws.com/allowed-roles": #"["a"]"#]])
        inventory.roles = [Fixtures.role("a")]
        inventory.workloads = [
            Fixtures.workload(.deployment, "ns", "app", role: nil, extraAnnotations: ["team/role": "a"]), agent,
        ]
        let options = KiamToIRSAOptions(issuer: Fixtures.issuer)
        let plan = plan(inventory, options: options)
        XCTAssertEqual(switched(plan), ["deployment/ns/app"], "\(plan.findings)")
        let switchStep = plan.steps.first { $0.action == .switchWorkload }
        guard case .switchWorkload(let change) = switchStep?.payload else { return XCTFail("no switch step") }
        XCTAssertEqual(change.annotationKey, "team/role")
    }

    /// Cleanup removes the namespace annotation the agent reads (kube2iam `--namespace-key`),
    /// not one it ignores.
    func testCleanupRemovesTheNamespaceKeyTheAgentReads() {
        let agent = Self.agent(
            "docker.io/jtblin/kube2iam:0.11.1", ["--namespace-restrictions", "--namespace-key=example.com/allowed"])
        var inventory = inventory(
            namespaces: ["ns"],
            annotations: ["ns": ["example.com/allowed": #"["a"]"#, "iam.amazonaws.com/allowed-roles": #"["a"]"#]])
        inventory.roles = [Fixtures.role("a")]
        inventory.workloads = [Fixtures.workload(.deployment, "ns", "web", role: "a"), agent]
        let options = KiamToIRSAOptions(
            issuer: Fixtures.issuer, roleBaseARN: "arn:aws:iam::111122223333:role/", cleanup: true,
            agentRoles: [Fixtures.kiamServer])
        let removal = plan(inventory, options: options).steps.compactMap { step -> [String]? in
            guard case .removeNamespaceAnnotation(let removal) = step.payload else { return nil }
            return removal.keys
        }
        XCTAssertEqual(removal, [["example.com/allowed"]])
    }

    /// The agent resolves names with its own base ARN: a differing --role-base-arn would pick
    /// a role the pods never had, so the agent's wins and a warning says so.
    func testTheAgentsBaseARNWinsOverADifferingRoleBaseARN() {
        let agent = Self.agent("docker.io/jtblin/kube2iam:0.11.1", ["--base-role-arn=arn:aws:iam::111122223333:role/k8s/"])
        var inventory = inventory(namespaces: ["ns"])
        inventory.roles = [Fixtures.role("k8s/app"), Fixtures.role("app")]
        inventory.workloads = [Fixtures.workload(.deployment, "ns", "web", role: "app"), agent]
        let plan = plan(inventory)
        XCTAssertEqual(plan.findings.map(\.code), ["role-base-arn-differs"])
        XCTAssertEqual(
            plan.steps.filter { $0.action == .addTrustStatements }.map(\.target.description), [Fixtures.roleARN("k8s/app")])
    }

    func testKiamServerBaseARNResolvesNamesAndAMissingAnnotationForbids() {
        let server = Self.agent(
            "quay.io/uswitch/kiam:v4.2", ["/kiam", "server", "--role-base-arn", "arn:aws:iam::111122223333:role/"],
            kind: .deployment)
        let plan = plan(restrictedInventory(agent: server), options: KiamToIRSAOptions(issuer: Fixtures.issuer))
        XCTAssertEqual(
            plan.findings.map { "\($0.code) \($0.subject)" },
            ["namespace-does-not-permit-role deployment/closed/app", "namespace-does-not-permit-role deployment/open/app"])
        XCTAssertTrue(plan.findings[1].message.contains("kiam's rules"), plan.findings[1].message)
    }

    // Class 11: the dual-stack discovery host is never a token's iss, in every planner.
    func testDualStackIssuerIsAWarning() throws {
        var inventory = inventory(namespaces: ["shop"])
        inventory.roles = [Fixtures.role("orders")]
        inventory.workloads = [Fixtures.workload(.deployment, "shop", "orders", role: "orders")]
        let issuer = try XCTUnwrap(IssuerURL("https://oidc-eks.eu-west-1.api.aws/id/ABC"))
        let plan = plan(inventory, options: KiamToIRSAOptions(issuer: issuer, roleBaseARN: "arn:aws:iam::111122223333:role/"))
        XCTAssertEqual(plan.findings.map(\.code), ["issuer-not-token-issuer"])
    }

    // Class 5: cleanup never removes trust or restrictions that a Job or bare Pod still uses.
    func testCleanupWaitsForJobsAndBarePodsThatAreNotSwitched() {
        var inventory = inventory(namespaces: ["batch", "web"])
        inventory.roles = [Fixtures.role("a"), Fixtures.role("b")]
        inventory.workloads = [
            Fixtures.workload(.job, "batch", "backfill", role: "a"),
            Fixtures.workload(.pod, "batch", "debug", role: "a"),
            Fixtures.workload(.deployment, "web", "site", role: "b"),
        ]
        let options = KiamToIRSAOptions(
            issuer: Fixtures.issuer, roleBaseARN: "arn:aws:iam::111122223333:role/", cleanup: true,
            agentRoles: [Fixtures.kiamServer])
        let plan = plan(inventory, options: options)
        let cleanup = plan.steps.filter { $0.phase == .cleanup }.map(\.target.description)
        XCTAssertEqual(cleanup, [Fixtures.roleARN("b"), "namespace/web"])
        let kept = plan.findings.filter { $0.code == "agent-trust-kept" || $0.code == "namespace-restriction-kept" }
        XCTAssertEqual(kept.map(\.subject), [Fixtures.roleARN("a")])
        XCTAssertTrue(kept[0].message.contains("job/batch/backfill"), kept[0].message)
        let roleCleanup = plan.steps.first { $0.phase == .cleanup && $0.target.description == Fixtures.roleARN("b") }
        XCTAssertTrue(
            roleCleanup?.dependsOn.contains { $0.hasPrefix("verify-workload:") } ?? false, "waits for pods to be re-created")
    }

    // Class 7: rollouts that never restart and envFrom sources are warned about.
    func testPausedOnDeleteAndEnvFromAreWarnings() {
        var inventory = inventory(namespaces: ["ns"])
        inventory.roles = [Fixtures.role("a")]
        var paused = Fixtures.workload(.deployment, "ns", "paused", role: "a")
        paused.rolloutPaused = true
        var onDelete = Fixtures.workload(.statefulset, "ns", "db", role: "a")
        onDelete.updateStrategy = "OnDelete"
        var fromSecret = Fixtures.workload(.deployment, "ns", "env", role: "a")
        fromSecret.template.containers[0].envFrom = ["secret/aws-keys"]
        inventory.workloads = [paused, onDelete, fromSecret]
        let plan = plan(inventory)
        XCTAssertEqual(
            plan.findings.map { "\($0.code) \($0.subject)" },
            [
                "env-from-may-set-aws-credentials deployment/ns/env", "rollout-on-delete statefulset/ns/db",
                "rollout-paused deployment/ns/paused",
            ])
        XCTAssertTrue(plan.findings[2].message.contains("kubectl rollout resume deployment/paused -n ns"))
    }

    /// A role the agent cannot assume gives its workloads nothing today: moving them would
    /// grant what they never had. Any trust an agent could use counts; with --agent-role,
    /// only one naming an agent (or an account root).
    func testARoleNoAgentCanAssumeIsNotMovedTo() {
        func trusting(_ name: String, _ principal: String) -> IAMRole {
            IAMRole(
                arn: Fixtures.roleARN(name), name: name,
                trustPolicyText: #"{"Statement":[{"Effect":"Allow","Principal":\#(principal),"Action":"sts:AssumeRole"}]}"#)
        }
        var inventory = inventory(namespaces: ["ns"])
        inventory.roles = [
            trusting("lambda", #"{"Service":"lambda.amazonaws.com"}"#),
            trusting("ci", #"{"AWS":"arn:aws:iam::111122223333:role/ci"}"#),
            trusting("account", #"{"AWS":"arn:aws:iam::111122223333:root"}"#), Fixtures.role("kiam"),
        ]
        inventory.workloads = ["lambda", "ci", "account", "kiam"].map { Fixtures.workload(.deployment, "ns", $0, role: $0) }
        func refused(_ options: KiamToIRSAOptions? = nil) -> [String] {
            plan(inventory, options: options).findings.filter { $0.code == "role-does-not-trust-agent" }.map(\.subject)
        }
        XCTAssertEqual(refused(), ["deployment/ns/lambda"])
        let named = KiamToIRSAOptions(
            issuer: Fixtures.issuer, roleBaseARN: "arn:aws:iam::111122223333:role/", agentRoles: [Fixtures.kiamServer])
        XCTAssertEqual(refused(named), ["deployment/ns/ci", "deployment/ns/lambda"])
        XCTAssertEqual(
            plan(inventory, options: named).steps.filter { $0.action == .switchWorkload }.map(\.target.description),
            ["deployment/ns/account", "deployment/ns/kiam"])
    }
}

/// Pods of controllers irsa-migrate does not know are named, never patched or skipped silently.
final class KiamUnknownControllerTests: XCTestCase {
    func testPodOfAnUnknownControllerIsAnErrorAndKeepsTheAgentTrust() {
        let (namespaces, defaults) = Fixtures.namespaces(["shop"])
        var pod = Fixtures.workload(.pod, "shop", "checkout-6c9b7-xyz12", role: "app")
        pod.unknownController = "Rollout/checkout"
        let inventory = Inventory(
            namespaces: namespaces, serviceAccounts: defaults,
            workloads: [pod, Fixtures.workload(.deployment, "shop", "web", role: "app")],
            roles: [Fixtures.role("app")])
        let options = KiamToIRSAOptions(
            issuer: Fixtures.issuer, roleBaseARN: "arn:aws:iam::111122223333:role/", cleanup: true,
            agentRoles: [Fixtures.kiamServer])
        let plan = KiamToIRSAPlanner(options: options).plan(inventory, createdAt: Fixtures.pinnedTime)
        let finding = plan.findings.first { $0.code == "unknown-controller" }
        XCTAssertEqual(finding?.subject, "pod/shop/checkout-6c9b7-xyz12")
        XCTAssertEqual(finding?.severity, .error)
        XCTAssertTrue(finding?.message.contains("Rollout/checkout") ?? false)
        XCTAssertFalse(plan.steps.contains { $0.target.description == "pod/shop/checkout-6c9b7-xyz12" })
        XCTAssertTrue(plan.steps.contains { $0.action == .switchWorkload && $0.target.description == "deployment/shop/web" })
        XCTAssertFalse(
            plan.steps.contains { $0.action == .removeTrustStatements },
            "the pod still uses kiam: its role keeps the agent's trust")
    }
}
