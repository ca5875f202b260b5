import MigrationCore
import TestSupport
import XCTest

/// `"workload": "KIND/NS/NAME"` map entries: a dedicated service account, a role trusted by
/// exactly that account, and the workload switched to it.
final class InstanceRoleWorkloadEntryTests: XCTestCase {
    typealias F = InstanceRoleFixtures
    static let uploader = ObjectRef(.deployment, namespace: "apps", name: "uploader")
    static let uploaderRole = Fixtures.roleARN("irsa-apps-uploader-irsa")

    /// `uploader` runs as `shared` (pull secret `regcred`) with `other`; an account named
    /// `uploader` exists already, so the dedicated one is `uploader-irsa`.
    static func inventory(extra: [Workload] = []) -> Inventory {
        var inventory = F.inventory()
        inventory.namespaces.append(Namespace(name: "apps"))
        inventory.serviceAccounts += [
            ServiceAccount(namespace: "apps", name: "shared", imagePullSecrets: ["regcred"]),
            Fixtures.serviceAccount("apps", "uploader"),
        ]
        inventory.workloads +=
            [
                Fixtures.workload(.deployment, "apps", "uploader", role: nil, serviceAccount: "shared"),
                Fixtures.workload(.deployment, "apps", "other", role: nil, serviceAccount: "shared"),
            ] + extra
        return inventory
    }

    static func map(_ entries: String...) -> String {
        #"{"serviceAccounts": ["# + entries.joined(separator: ",") + "]}"
    }

    static let uploaderEntry = #"{"workload": "deployment/apps/uploader", "copyFromNodeRole": ["autoscaling"]}"#

    /// Planned again once applied: the workload runs as the account the first plan made, with
    /// the role, so there is no new account, role or switch; only the checks remain.
    func testPlanningAgainAfterApplyReusesTheDedicatedAccount() throws {
        let first = try F.plan(Self.inventory(), map: Self.map(Self.uploaderEntry))
        let applied = F.applying(first, to: Self.inventory())
        let again = try F.plan(applied, map: Self.map(Self.uploaderEntry))
        XCTAssertEqual(again.findings.filter { $0.severity == .error }, [])
        XCTAssertEqual(
            again.steps.map { "\($0.action.rawValue) \($0.target)" },
            ["verify-assume-role serviceaccount/apps/uploader-irsa"])
    }

    func testWorkloadEntryGetsItsOwnAccountRoleAndSwitch() throws {
        let plan = try F.plan(Self.inventory(), map: Self.map(Self.uploaderEntry))
        XCTAssertFalse(plan.findings.contains { $0.severity == .error }, "\(plan.findings)")
        let account = ObjectRef.serviceAccount("apps", "uploader-irsa")
        XCTAssertEqual(
            plan.steps.filter { $0.phase != .prepare || $0.action != .ensureOIDCProvider }.map {
                "\($0.action.rawValue) \($0.target)"
            },
            [
                "create-role \(Self.uploaderRole)", "attach-role-policy \(Self.uploaderRole)",
                "create-service-account \(account)", "switch-workload \(Self.uploader)",
                "verify-workload \(Self.uploader)", "verify-assume-role \(account)",
            ])
        guard case .createRole(let creation)? = plan.steps.first(where: { $0.action == .createRole })?.payload else {
            return XCTFail("a create-role step")
        }
        let subjects = creation.trustPolicy["Statement"]?.arrayValue?.compactMap {
            $0["Condition"]?["StringEquals"]?["oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"]
        }
        XCTAssertEqual(subjects, [.string("system:serviceaccount:apps:uploader-irsa")], "exactly the dedicated account")
        guard case .createServiceAccount(let created)? = plan.steps.first(where: { $0.target == .object(account) })?.payload
        else { return XCTFail("the dedicated account is created") }
        XCTAssertEqual(created.imagePullSecrets, ["regcred"], "the pull secrets of the account it replaces")
        XCTAssertEqual(created.annotations[Annotations.irsaRoleARN], Self.uploaderRole)
        guard case .switchWorkload(let change)? = plan.steps.first(where: { $0.action == .switchWorkload })?.payload else {
            return XCTFail("a switch")
        }
        XCTAssertNil(change.previousKiamRole)
        XCTAssertEqual(change.serviceAccount, .init(from: "shared", to: "uploader-irsa"))
        XCTAssertFalse(plan.steps.contains { $0.target == .object(.serviceAccount("apps", "shared")) }, "shared is untouched")
    }

    func testSwitchWithoutKiamAnnotationRoundTripsThroughThePlanDocument() throws {
        let plan = try F.plan(Self.inventory(), map: Self.map(Self.uploaderEntry))
        let text = String(decoding: try Plan.jsonEncoder().encode(plan), as: UTF8.self)
        let decoded = try Plan(json: text)
        let switches = { (plan: Plan) in plan.steps.filter { $0.action == .switchWorkload }.map(\.payload) }
        XCTAssertEqual(switches(decoded), switches(plan))
        XCTAssertEqual(switches(decoded).count, 1)
        XCTAssertEqual(String(decoding: try Plan.jsonEncoder().encode(decoded), as: UTF8.self), text)
    }

    func testEachWorkloadKindOfTheKiamPlannerIsSwitchedOrNamedForRecreation() throws {
        let kinds: [Workload] = [
            Fixtures.workload(.statefulset, "apps", "db", role: nil, serviceAccount: "shared"),
            Fixtures.workload(.daemonset, "apps", "agent", role: nil),
            Fixtures.workload(.cronjob, "apps", "report", role: nil),
            Fixtures.workload(.job, "apps", "once", role: nil),
        ]
        let entries = ["statefulset/apps/db", "daemonset/apps/agent", "cronjob/apps/report", "job/apps/once"].map {
            #"{"workload": "\#($0)", "attachPolicyARNs": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}"#
        }
        let plan = try F.plan(
            Self.inventory(extra: kinds), map: #"{"serviceAccounts": ["# + entries.joined(separator: ",") + "]}")
        let switched = plan.steps.filter { $0.action == .switchWorkload }.map(\.target.description)
        XCTAssertEqual(switched.sorted(), ["cronjob/apps/report", "daemonset/apps/agent", "statefulset/apps/db"])
        XCTAssertEqual(plan.findings.first { $0.code == "job-template-immutable" }?.subject, "job/apps/once")
        let created = plan.steps.filter { $0.action == .createServiceAccount }.map(\.target.description)
        XCTAssertEqual(created.count, 4, "the Job's account and role are still prepared: \(created)")
        guard
            case .switchWorkload(let fromDefault)? = plan.steps.first(where: { $0.target.description == "daemonset/apps/agent" })?
                .payload
        else { return XCTFail("the DaemonSet is switched") }
        XCTAssertEqual(fromDefault.serviceAccount, .init(from: nil, to: "agent"), "rollback unsets serviceAccountName again")
    }

    /// Two entries for one workload name never share an account; a metadata entry's name is taken.
    func testDedicatedNamesAvoidOtherEntriesAccounts() throws {
        let map = Self.map(
            #"{"metadata": {"name": "uploader-irsa", "namespace": "apps"}, "attachPolicyARNs": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}"#,
            Self.uploaderEntry)
        let plan = try F.plan(Self.inventory(), map: map)
        XCTAssertTrue(
            plan.steps.contains { $0.target.description == "serviceaccount/apps/uploader-irsa-2" }, "\(plan.steps.map(\.id))")
    }

    func testBadWorkloadEntriesAreFindingsAndTheRestIsPlanned() throws {
        let kiam = Fixtures.workload(.deployment, "apps", "legacy", role: "legacy-role")
        let map = Self.map(
            Self.uploaderEntry, #"{"workload": "deployment/apps/gone"}"#, #"{"workload": "deployment/apps/legacy"}"#,
            #"{"workload": "deployment/apps/other", "metadata": {"name": "shared", "namespace": "apps"}}"#,
            Self.uploaderEntry)
        let plan = try F.plan(Self.inventory(extra: [kiam]), map: map)
        let errors = plan.findings.filter { $0.severity == .error }
        XCTAssertEqual(
            Set(errors.map { "\($0.code) \($0.subject)" }),
            [
                "workload-not-found deployment/apps/gone", "workload-uses-kiam deployment/apps/legacy",
                "workload-and-metadata deployment/apps/other", "workload-mapped-twice deployment/apps/uploader",
            ])
        XCTAssertTrue(errors.allSatisfy { $0.message.contains("serviceAccounts[") }, "each names its entry")
        XCTAssertEqual(plan.summary.blocked, 4)
        XCTAssertTrue(plan.steps.contains { $0.action == .switchWorkload && $0.target == .object(Self.uploader) })
        XCTAssertFalse(
            plan.steps.contains { $0.target.description == "serviceaccount/apps/uploader-irsa-2" }, "no second account")
    }

    /// A workload entry for a workload whose own account a metadata entry maps would switch it
    /// away from that entry's role: refused, and the metadata entry is still planned.
    func testAWorkloadEntryForAWorkloadWhoseAccountIsMappedIsRefused() throws {
        let solo = Fixtures.workload(.deployment, "apps", "solo", role: nil, serviceAccount: "solo-sa")
        var inventory = Self.inventory(extra: [solo])
        inventory.serviceAccounts.append(Fixtures.serviceAccount("apps", "solo-sa"))
        let map = Self.map(
            #"{"metadata": {"name": "solo-sa", "namespace": "apps"}, "copyFromNodeRole": ["autoscaling"]}"#,
            #"{"workload": "deployment/apps/solo", "copyFromNodeRole": ["autoscaling"]}"#)
        let plan = try F.plan(inventory, map: map)
        let errors = plan.findings.filter { $0.severity == .error }
        XCTAssertEqual(errors.map { "\($0.code) \($0.subject)" }, ["workload-mapped-twice deployment/apps/solo"])
        XCTAssertTrue(errors[0].message.contains("serviceAccounts[0] maps serviceaccount/apps/solo-sa"), errors[0].message)
        XCTAssertFalse(plan.steps.contains { $0.action == .switchWorkload }, "\(plan.steps.map(\.id))")
        XCTAssertTrue(plan.steps.contains { $0.action == .restartWorkload && $0.target.description == "deployment/apps/solo" })
    }
}
