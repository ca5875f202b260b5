import MigrationCore
import TestSupport
import XCTest

final class InstanceRolePlannerTests: XCTestCase {
    typealias F = InstanceRoleFixtures
    let autoscalerRole = Fixtures.roleARN("eks-cluster-autoscaler")
    let dnsRole = Fixtures.roleARN("irsa-kube-system-external-dns")

    func actions(_ plan: Plan) -> [String] { plan.steps.map { "\($0.action.rawValue) \($0.target)" } }
    func codes(_ plan: Plan) -> [String] { plan.findings.map(\.code) }

    func testMapPlansRolesPoliciesAccountsRestartsAndChecks() throws {
        let plan = try F.plan()
        XCTAssertEqual(
            actions(plan),
            [
                "ensure-oidc-provider arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
                "create-role \(autoscalerRole)", "create-role \(dnsRole)",
                "attach-role-policy \(autoscalerRole)", "put-role-policy \(dnsRole)",
                "annotate-service-account serviceaccount/kube-system/cluster-autoscaler",
                "annotate-service-account serviceaccount/kube-system/external-dns",
                "restart-workload deployment/kube-system/cluster-autoscaler",
                "restart-workload deployment/kube-system/external-dns",
                "verify-workload deployment/kube-system/cluster-autoscaler",
                "verify-workload deployment/kube-system/external-dns",
                "verify-assume-role serviceaccount/kube-system/cluster-autoscaler",
                "verify-assume-role serviceaccount/kube-system/external-dns",
            ])
        XCTAssertEqual(plan.header.kind, .instanceRole)
        XCTAssertEqual(plan.summary.roles, 2)
        XCTAssertEqual(plan.summary.workloads, 2)
        XCTAssertTrue(codes(plan).contains("imds-still-reachable"))
        XCTAssertFalse(plan.findings.contains { $0.severity == .error }, "\(plan.findings)")
    }

    func testNewRoleTrustsExactlyItsAccountAndIsTaggedWithThePlan() throws {
        let plan = try F.plan()
        guard case .createRole(let creation)? = plan.steps.first(where: { $0.target.description == autoscalerRole })?.payload
        else {
            return XCTFail("a create-role step for the autoscaler")
        }
        let statements = creation.trustPolicy["Statement"]?.arrayValue ?? []
        XCTAssertEqual(statements.count, 1)
        let condition = statements.first?["Condition"]?["StringEquals"]
        XCTAssertEqual(
            condition?["oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"],
            .string("system:serviceaccount:kube-system:cluster-autoscaler"))
        XCTAssertEqual(condition?["oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud"], .string("sts.amazonaws.com"))
        XCTAssertEqual(creation.tags, ["team": "platform", RoleCreation.planTag: plan.header.id])
        guard case .attachRolePolicy(let attach)? = plan.steps.first(where: { $0.action == .attachRolePolicy })?.payload else {
            return XCTFail("an attach step")
        }
        XCTAssertEqual(attach.policyARNs, [F.autoscalingPolicy], "only what the map names: not the worker policy")
        guard case .putRolePolicy(let put)? = plan.steps.first(where: { $0.action == .putRolePolicy })?.payload else {
            return XCTFail("a put step")
        }
        XCTAssertEqual(put.policies["PolicyExternalDNS"], try JSONValue(parsing: F.dnsDocument), "copied as it is")
    }

    /// The stored document sorts keys, so documents read back equal up to key order.
    func testPlanRoundTripsThroughItsDocument() throws {
        let plan = try F.plan(cleanup: true)
        let text = String(decoding: try Plan.jsonEncoder().encode(plan), as: UTF8.self)
        let decoded = try Plan(json: text)
        XCTAssertEqual(decoded.steps.map(\.payload.action), plan.steps.map(\.payload.action))
        XCTAssertEqual(String(decoding: try Plan.jsonEncoder().encode(decoded), as: UTF8.self), text)
    }

    /// Planning the same map again once prepare is applied: the roles, their policies and the
    /// annotations are there, so only the restarts (which may not have happened) and the checks
    /// remain, with no error and no new account or role.
    func testPlanningAgainAfterPrepareChangesNothingTwice() throws {
        let inventory = F.applying(try F.plan(), to: F.inventory())
        let again = try F.plan(inventory)
        XCTAssertEqual(again.findings.filter { $0.severity == .error }, [])
        XCTAssertEqual(
            Set(again.steps.map(\.action)), [.restartWorkload, .verifyWorkload, .verifyAssumeRole], "\(actions(again))")
    }

    func testWithoutNodeRoleCandidatesAreProposedAndNothingPlanned() throws {
        let plan = try F.plan(nodeRoles: [])
        XCTAssertTrue(plan.steps.isEmpty)
        let finding = try XCTUnwrap(plan.findings.first { $0.code == "node-role-needed" })
        XCTAssertEqual(finding.severity, .error)
        XCTAssertTrue(finding.message.contains(F.nodeRole), finding.message)
    }

    func testMissingInputsAreFindingsNotSilence() throws {
        XCTAssertEqual(try F.plan(map: nil).findings.filter { $0.severity == .error }.map(\.code), ["service-account-map-needed"])
        var inventory = F.inventory()
        inventory.authorizationDetails = nil
        XCTAssertEqual(
            try F.plan(inventory).findings.filter { $0.severity == .error }.map(\.code), ["authorization-details-missing"])
        let unknown = try F.plan(nodeRoles: [Fixtures.roleARN("nope")])
        XCTAssertTrue(unknown.steps.isEmpty)
        XCTAssertTrue(codes(unknown).contains("node-role-not-found"))
    }

    /// Each bad entry is an error finding naming it, and the good entry is still planned.
    func testBadEntriesAreBlockedOneByOne() throws {
        var inventory = F.inventory()
        inventory.workloads += [
            Fixtures.workload(.deployment, "apps", "a", role: nil, serviceAccount: "shared"),
            Fixtures.workload(.deployment, "apps", "b", role: nil, serviceAccount: "shared"),
        ]
        let big = "\"" + String(repeating: "x", count: 11_000) + "\""
        let map = #"""
            {"serviceAccounts": [
              {"metadata": {"name": "cluster-autoscaler", "namespace": "kube-system"}, "copyFromNodeRole": ["autoscaling"]},
              {"metadata": {"name": "default", "namespace": "kube-system"}, "copyFromNodeRole": ["autoscaling"]},
              {"metadata": {"name": "shared", "namespace": "apps"}, "copyFromNodeRole": ["autoscaling"]},
              {"metadata": {"name": "x1", "namespace": "apps"}, "attachPolicyARNs": ["arn:aws:iam::111122223333:policy/missing"]},
              {"metadata": {"name": "x2", "namespace": "apps"}, "copyFromNodeRole": ["NotOnTheNode"]},
              {"metadata": {"name": "x3", "namespace": "apps"}, "attachPolicy": {"Version": "2012-10-17", "Statement": [{"Sid": \#(big)}]}},
              {"metadata": {"name": "unused", "namespace": "apps"}, "attachPolicyARNs": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]},
              {"workload": "deployment/apps/missing"},
              {"workload": "deployment/apps/a", "metadata": {"name": "a", "namespace": "apps"}}
            ]}
            """#
        let plan = try F.plan(inventory, map: map)
        let errors = plan.findings.filter { $0.severity == .error }.map { "\($0.code) \($0.subject)" }
        XCTAssertEqual(
            Set(errors),
            [
                "default-service-account serviceaccount/kube-system/default", "service-account-shared serviceaccount/apps/shared",
                "policy-not-found serviceaccount/apps/x1", "node-policy-not-found serviceaccount/apps/x2",
                "inline-policy-too-large serviceaccount/apps/x3", "workload-not-found deployment/apps/missing",
                "workload-and-metadata deployment/apps/a",
            ])
        XCTAssertEqual(plan.summary.blocked, 7)
        XCTAssertTrue(codes(plan).contains("service-account-unused"))
        XCTAssertTrue(actions(plan).contains("create-role \(Fixtures.roleARN("irsa-apps-unused"))"), "unused: still created")
        XCTAssertTrue(actions(plan).contains("restart-workload deployment/kube-system/cluster-autoscaler"))
    }

    func testCleanupDetachesOnlyMovedPoliciesAfterVerify() throws {
        let plan = try F.plan(cleanup: true)
        let cleanup = plan.steps.filter { $0.phase == .cleanup }
        XCTAssertEqual(
            cleanup.map { "\($0.action.rawValue) \($0.target)" },
            [
                "detach-role-policy \(F.nodeRole)", "delete-role-policy \(F.nodeRole)",
            ])
        guard case .detachRolePolicy(let detach) = cleanup[0].payload else { return XCTFail("detach first") }
        XCTAssertEqual(detach.policyARNs, [F.autoscalingPolicy])
        let verifies = Set(plan.steps.filter(\.action.isCheck).map(\.id))
        for step in cleanup {
            XCTAssertFalse(step.dependsOn.isEmpty)
            XCTAssertTrue(Set(step.dependsOn).isSubset(of: verifies), "\(step.id) waits for checks only")
        }
        XCTAssertTrue(codes(plan).contains("node-role-still-used"), "aws-node stays on the node role")
    }

    func testNodeOwnPolicyIsNeverDetached() throws {
        let map =
            #"{"serviceAccounts": [{"metadata": {"name": "cluster-autoscaler", "namespace": "kube-system"}, "copyFromNodeRole": ["AmazonEKSWorkerNodePolicy"], "detachFromNodeRole": true}]}"#
        let plan = try F.plan(map: map, cleanup: true)
        XCTAssertFalse(plan.steps.contains { $0.phase == .cleanup })
        XCTAssertTrue(codes(plan).contains("node-policy-needed-by-node"))
    }

    func testExistingRoleWithOtherTrustIsAnError() throws {
        var inventory = F.inventory()
        inventory.authorizationDetails?.roles.append(
            RoleDetail(
                arn: autoscalerRole, name: "eks-cluster-autoscaler", trustPolicyText: #"{"Version":"2012-10-17","Statement":[]}"#)
        )
        let plan = try F.plan(inventory)
        XCTAssertTrue(codes(plan).contains("role-exists-other-trust"))
        XCTAssertFalse(actions(plan).contains { $0.contains(autoscalerRole) })
    }
}
