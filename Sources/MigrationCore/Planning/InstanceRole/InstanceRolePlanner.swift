import Foundation

/// Plans moving workloads off the node's instance role to IRSA (docs/architecture.md, "Plan
/// kinds"): a role per mapped service account with exactly the permissions the map names,
/// the account annotated, its workloads restarted, checks, and the opt-in node-role cleanup.
public struct InstanceRolePlanner: Sendable {
    public let options: InstanceRoleOptions
    public let map: ServiceAccountMap?

    public init(options: InstanceRoleOptions, map: ServiceAccountMap?) {
        self.options = options
        self.map = map
    }

    /// `createdAt` comes from the caller's clock so the core stays deterministic.
    public func plan(_ inventory: Inventory, createdAt: Date) -> Plan {
        let assembler = PlanAssembler(
            options: .instanceRole(options), inputDigest: InventoryDigest.digest(inventory), createdAt: createdAt.iso8601)
        var findings = IssuerWarnings.findings(for: options.issuer, option: "--issuer")
        guard let details = inventory.authorizationDetails else {
            findings.append(
                Finding(
                    .error, "authorization-details-missing", subject: AuthorizationDetails.file,
                    "the inventory has no IAM authorization details: add \(AuthorizationDetails.file) to the snapshot ('aws iam get-account-authorization-details --filter Role LocalManagedPolicy --output json', one per account), then re-plan"
                ))
            return assembler.assemble(steps: [], findings: findings, roles: [], blocked: 0)
        }
        guard let nodeRoles = nodeRoles(details, findings: &findings), let map else {
            if map == nil {
                // Discovery: list what looks like it calls AWS; never a step.
                let discovery = AWSCallerDiscovery(
                    inventory: inventory, nodeRoles: Self.discoveryNodeRoles(inventory, options.nodeRoles))
                findings += discovery.findings(discovery.callers())
            }
            if map == nil && !options.nodeRoles.isEmpty {
                findings.append(
                    Finding(
                        .error, "service-account-map-needed", subject: "--service-accounts",
                        "nothing is planned without a map: write one with the service accounts and the policies each needs (eksctl's iam.serviceAccounts, in JSON; --write-map FILE writes a starter from the workloads found), then re-plan with --service-accounts FILE"
                    ))
            }
            return assembler.assemble(steps: [], findings: findings, roles: [], blocked: 0)
        }
        let resolver = GrantResolver(
            options: options, details: details, nodeRoles: nodeRoles, inventory: inventory, planID: assembler.planID)
        let (grants, grantFindings, blocked) = resolver.resolve(map.entries)
        findings += grantFindings
        var builder = InstanceRoleStepBuilder(options: options, inventory: inventory, createdAt: createdAt.iso8601)
        builder.add(grants)
        if options.cleanup {
            let resolved = Set(grants.map(\.location))
            let blockedCopies = map.entries.filter { !resolved.contains($0.location) }.flatMap(\.copyFromNodeRole)
                .compactMap(nodeRoles.find)
            builder.addCleanup(grants, nodeRoles: nodeRoles, blockedCopies: blockedCopies)
        }
        findings.append(Self.imdsFinding)
        return assembler.assemble(steps: builder.steps, findings: findings + builder.findings, roles: [], blocked: blocked)
    }

    /// The named node roles, or nil (with a finding proposing candidates) when none is usable.
    private func nodeRoles(_ details: AuthorizationDetails, findings: inout [Finding]) -> NodeRoles? {
        guard !options.nodeRoles.isEmpty else {
            let candidates = NodeRoles.candidates(in: details).map(\.arn)
            findings.append(
                Finding(
                    .error, "node-role-needed", subject: "--node-role",
                    candidates.isEmpty
                        ? "no role looks like a node role (an instance profile, EC2 trust, AmazonEKSWorkerNodePolicy): name the node role with --node-role ARN, then re-plan"
                        : "name the node role with --node-role ARN, then re-plan; candidates: \(candidates.joined(separator: ", "))"
                ))
            return nil
        }
        var roles: [RoleDetail] = []
        for arn in options.nodeRoles {
            guard let role = details.role(arn) else {
                findings.append(
                    Finding(
                        .error, "node-role-not-found", subject: arn,
                        "--node-role \(arn) is not in \(AuthorizationDetails.file): check the ARN and the account it was taken in, then re-plan"
                    ))
                continue
            }
            roles.append(role)
        }
        return roles.isEmpty ? nil : NodeRoles(roles: roles)
    }

    /// Until pods are kept from the instance metadata service, they can still use the node role.
    static let imdsFinding = Finding(
        .warning, "imds-still-reachable", subject: "nodes",
        "pods can still reach the node role through the instance metadata service until it is restricted: once verify passed, set the node launch template to IMDSv2 with hop limit 1 (aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required --http-put-response-hop-limit 1, and the same in the launch template), or block 169.254.169.254 with a network policy"
    )
}
