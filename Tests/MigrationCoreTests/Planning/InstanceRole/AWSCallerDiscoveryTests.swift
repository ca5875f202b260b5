import MigrationCore
import TestSupport
import XCTest

/// Discovery without a map, the starter map, and cleanup keeping what an unmoved workload uses.
final class AWSCallerDiscoveryTests: XCTestCase {
    typealias F = InstanceRoleFixtures

    func image(_ workload: Workload, _ image: String, env: [String] = []) -> Workload {
        var workload = workload
        workload.template.containers = [Container(name: "app", envNames: env, image: image)]
        return workload
    }

    /// The fixture estate with images, plus workloads that must not be listed (kiam, IRSA, the
    /// CNI) and one that must (AWS_REGION, running as default).
    func estate() -> Inventory {
        var inventory = F.inventory()
        inventory.workloads = [
            image(inventory.workloads[0], "registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.0"),
            image(inventory.workloads[1], "registry.k8s.io/external-dns/external-dns:v0.14.2"),
            image(inventory.workloads[2], "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.18.1"),
            image(Fixtures.workload(.deployment, "shop", "reports", role: nil), "example.com/reports:1", env: ["AWS_REGION"]),
            image(
                Fixtures.workload(.deployment, "shop", "legacy", role: "legacy-role"), "example.com/legacy:1",
                env: ["AWS_DEFAULT_REGION"]),
            image(
                Fixtures.workload(.deployment, "shop", "billing", role: nil, serviceAccount: "billing"), "example.com/billing:1",
                env: ["AWS_REGION"]),
        ]
        inventory.serviceAccounts += [
            Fixtures.serviceAccount("shop", "default"),
            Fixtures.serviceAccount("shop", "billing", role: Fixtures.roleARN("billing")),
        ]
        return inventory
    }

    func testWithoutMapAWSCallersAreListedWithRelatedPoliciesAndNothingIsPlanned() throws {
        let plan = try F.plan(estate(), map: nil)
        XCTAssertTrue(plan.steps.isEmpty)
        let discovered = plan.findings.filter { $0.code == "aws-caller-discovered" }
        XCTAssertEqual(
            discovered.map(\.subject),
            ["deployment/kube-system/cluster-autoscaler", "deployment/kube-system/external-dns", "deployment/shop/reports"],
            "not the CNI, not a kiam workload, not one whose account has IRSA")
        XCTAssertTrue(discovered[0].message.contains("related: autoscaling"), discovered[0].message)
        XCTAssertFalse(discovered[0].message.contains("AmazonEKSWorkerNodePolicy"), "never the node's own")
        XCTAssertTrue(discovered[1].message.contains("PolicyExternalDNS"), discovered[1].message)
        XCTAssertTrue(discovered[2].message.contains("env AWS_REGION"), discovered[2].message)
        XCTAssertTrue(plan.findings.contains { $0.code == "service-account-map-needed" && $0.severity == .error })
    }

    func testDiscoveryWithoutNodeRoleStillListsCallersAndProposesTheNodeRole() throws {
        let plan = try F.plan(estate(), map: nil, nodeRoles: [])
        XCTAssertTrue(plan.steps.isEmpty)
        XCTAssertEqual(plan.findings.filter { $0.code == "aws-caller-discovered" }.count, 3)
        let proposal = try XCTUnwrap(plan.findings.first { $0.code == "node-role-needed" })
        XCTAssertTrue(proposal.message.contains(F.nodeRole), proposal.message)
    }

    func testStarterMapIsAMapOfOwnAccountsOrDedicatedAccountsNothingDetached() throws {
        let text = InstanceRolePlanner.starterMap(estate(), nodeRoles: [F.nodeRole])
        let map = try ServiceAccountMap(parsing: text)
        XCTAssertEqual(
            map.entries.map { $0.account?.description ?? "workload \($0.workload?.description ?? "")" },
            [
                "serviceaccount/kube-system/cluster-autoscaler", "serviceaccount/kube-system/external-dns",
                "workload deployment/shop/reports",
            ], "reports runs as default: a dedicated account, never the default one")
        XCTAssertEqual(map.entries[0].copyFromNodeRole, ["autoscaling"])
        XCTAssertEqual(map.entries[1].copyFromNodeRole, ["PolicyExternalDNS"])
        XCTAssertFalse(map.entries.contains { $0.detachFromNodeRole }, "the reviewer decides what leaves the node role")
    }

    func testCleanupKeepsAPolicyAnUnmovedAWSCallerLooksLikeItUses() throws {
        var inventory = F.inventory()
        inventory.namespaces.append(Namespace(name: "cert-manager"))
        inventory.serviceAccounts.append(Fixtures.serviceAccount("cert-manager", "cert-manager"))
        inventory.workloads.append(
            image(
                Fixtures.workload(.deployment, "cert-manager", "cert-manager", role: nil, serviceAccount: "cert-manager"),
                "quay.io/jetstack/cert-manager-controller:v1.15.0"))
        let plan = try F.plan(inventory, cleanup: true)
        XCTAssertEqual(
            plan.steps.filter { $0.phase == .cleanup }.map(\.action), [.detachRolePolicy],
            "the autoscaling policy still leaves; the Route 53 one stays for cert-manager")
        let kept = try XCTUnwrap(plan.findings.first { $0.code == "node-policy-still-needed" })
        XCTAssertEqual(kept.severity, .error)
        XCTAssertTrue(kept.message.contains("PolicyExternalDNS"), kept.message)
        XCTAssertTrue(kept.message.contains("deployment/cert-manager/cert-manager"), kept.message)
    }

    /// A customer managed policy counts by its actions too, not only by its name.
    func testCleanupKeepsACustomerManagedPolicyWhoseActionsAnUnmovedCallerUses() throws {
        var inventory = F.inventory()
        inventory.workloads.append(
            image(
                Fixtures.workload(.deployment, "kube-system", "autoscaler-two", role: nil),
                "registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.0"))
        let plan = try F.plan(inventory, cleanup: true)
        XCTAssertTrue(plan.findings.contains { $0.code == "node-policy-still-needed" }, "by name: \(plan.findings)")
        var details = try XCTUnwrap(inventory.authorizationDetails)
        let neutral = "arn:aws:iam::111122223333:policy/team-scaling"
        details.roles[0].attachedPolicies = details.roles[0].attachedPolicies.map {
            $0.arn == F.autoscalingPolicy ? AttachedPolicy(name: "team-scaling", arn: neutral) : $0
        }
        details.policies = [
            ManagedPolicy(
                arn: neutral, name: "team-scaling",
                document: #"{"Statement":[{"Effect":"Allow","Action":"autoscaling:SetDesiredCapacity","Resource":"*"}]}"#)
        ]
        inventory.authorizationDetails = details
        let renamed = try F.plan(
            inventory, map: F.map.replacingOccurrences(of: #""autoscaling""#, with: #""team-scaling""#), cleanup: true)
        XCTAssertTrue(
            renamed.findings.contains { $0.code == "node-policy-still-needed" && $0.message.contains(neutral) },
            "by its actions: \(renamed.findings)")
    }
}
