import Foundation
import MigrationCore

/// A node role with add-on permissions and the workloads that use them today.
public enum InstanceRoleFixtures {
    public static let nodeRole = Fixtures.roleARN("eks-nodes")
    public static let workerPolicy = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
    public static let autoscalingPolicy = "arn:aws:iam::111122223333:policy/autoscaling"
    public static let dnsDocument =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"route53:ChangeResourceRecordSets","Resource":"*"}]}"#

    public static var nodeRoleDetail: RoleDetail {
        RoleDetail(
            arn: nodeRole, name: "eks-nodes",
            trustPolicyText:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
            attachedPolicies: [
                AttachedPolicy(name: "AmazonEKSWorkerNodePolicy", arn: workerPolicy),
                AttachedPolicy(name: "autoscaling", arn: autoscalingPolicy),
            ],
            inlinePolicies: [InlinePolicy(name: "PolicyExternalDNS", document: dnsDocument)],
            instanceProfiles: ["arn:aws:iam::111122223333:instance-profile/eks-nodes"])
    }

    /// kube-system with cluster-autoscaler and external-dns (each with its own account) and the
    /// aws-node DaemonSet, and the node role in IAM.
    public static func inventory() -> Inventory {
        var inventory = Inventory()
        inventory.namespaces = [Namespace(name: "kube-system")]
        inventory.serviceAccounts = [
            Fixtures.serviceAccount("kube-system", "default"), Fixtures.serviceAccount("kube-system", "cluster-autoscaler"),
            Fixtures.serviceAccount("kube-system", "external-dns"),
        ]
        inventory.workloads = [
            Fixtures.workload(.deployment, "kube-system", "cluster-autoscaler", role: nil, serviceAccount: "cluster-autoscaler"),
            Fixtures.workload(.deployment, "kube-system", "external-dns", role: nil, serviceAccount: "external-dns"),
            Fixtures.workload(.daemonset, "kube-system", "aws-node", role: nil, serviceAccount: "aws-node"),
        ]
        inventory.oidcProviders = []
        inventory.authorizationDetails = AuthorizationDetails(
            roles: [nodeRoleDetail], policies: [ManagedPolicy(arn: autoscalingPolicy, name: "autoscaling", document: "{}")])
        return inventory
    }

    /// The map: autoscaler gets the node's managed policy, external-dns its inline one, both detachable.
    public static let map = #"""
        {"serviceAccounts": [
          {"metadata": {"name": "cluster-autoscaler", "namespace": "kube-system"}, "roleName": "eks-cluster-autoscaler",
           "permissionsBoundary": "arn:aws:iam::111122223333:policy/boundary", "copyFromNodeRole": ["autoscaling"], "tags": {"team": "platform"}, "detachFromNodeRole": true},
          {"metadata": {"name": "external-dns", "namespace": "kube-system"},
           "copyFromNodeRole": ["PolicyExternalDNS"], "detachFromNodeRole": true}
        ]}
        """#

    public static func options(cleanup: Bool = false, nodeRoles: [String] = [nodeRole]) -> InstanceRoleOptions {
        InstanceRoleOptions(issuer: Fixtures.issuer, nodeRoles: nodeRoles, cleanup: cleanup)
    }

    /// The inventory as `plan`'s prepare and cutover leave it: providers, roles with their
    /// trust and policies, accounts with their annotations and labels, workloads switched.
    public static func applying(_ plan: Plan, to start: Inventory) -> Inventory {
        var inventory = start
        var details = inventory.authorizationDetails ?? AuthorizationDetails()
        for step in plan.steps {
            switch (step.payload, step.target) {
            case (.ensureOIDCProvider(let ensure), _):
                inventory.oidcProviders = [OIDCProvider(arn: step.target.description, clientIDs: ensure.clientIDs)]
            case (.createRole, .arn(let arn)), (.attachRolePolicy, .arn(let arn)), (.putRolePolicy, .arn(let arn)):
                var role =
                    details.roles.first { $0.arn == arn.description }
                    ?? RoleDetail(arn: arn.description, name: arn.roleName ?? "", trustPolicyText: nil)
                if case .createRole(let creation) = step.payload { role.trustPolicyText = creation.trustPolicy.serialized() }
                if case .attachRolePolicy(let attachment) = step.payload {
                    role.attachedPolicies += attachment.policyARNs.map {
                        AttachedPolicy(name: String($0.split(separator: "/").last ?? ""), arn: $0)
                    }
                }
                if case .putRolePolicy(let put) = step.payload {
                    role.inlinePolicies += put.policies.map { InlinePolicy(name: $0.key, document: $0.value.serialized()) }
                }
                details.roles.removeAll { $0.arn == arn.description }
                details.roles.append(role)
            case (.annotateServiceAccount(let annotation), .object(let ref)):
                let labels = inventory.serviceAccounts.first { $0.ref == ref }?.labels ?? [:]
                inventory.serviceAccounts.removeAll { $0.ref == ref }
                inventory.serviceAccounts.append(
                    ServiceAccount(namespace: ref.namespace, name: ref.name, labels: labels, annotations: annotation.annotations))
            case (.createServiceAccount(let creation), .object(let ref)):
                inventory.serviceAccounts.append(
                    ServiceAccount(
                        namespace: ref.namespace, name: ref.name, labels: creation.labels, annotations: creation.annotations))
            case (.switchWorkload(let change), .object(let ref)):
                guard let index = inventory.workloads.firstIndex(where: { $0.ref == ref }) else { continue }
                inventory.workloads[index].template.serviceAccountName =
                    change.serviceAccount?.to ?? inventory.workloads[index].template.serviceAccountName
            default:
                continue
            }
        }
        inventory.authorizationDetails = details
        return inventory
    }

    public static func plan(
        _ inventory: Inventory = inventory(), map text: String? = map, cleanup: Bool = false, nodeRoles: [String] = [nodeRole]
    ) throws -> Plan {
        let map = try text.map { try ServiceAccountMap(parsing: $0) }
        return InstanceRolePlanner(options: options(cleanup: cleanup, nodeRoles: nodeRoles), map: map)
            .plan(inventory, createdAt: Fixtures.pinnedTime)
    }
}
