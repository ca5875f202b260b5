/// Turns map entries into `RoleGrant`s, or into findings naming what blocks them. One bad
/// entry never stops the others.
struct GrantResolver {
    let options: InstanceRoleOptions
    let details: AuthorizationDetails
    let nodeRoles: NodeRoles
    let inventory: Inventory
    let planID: String

    func resolve(_ entries: [ServiceAccountMap.Entry]) -> (grants: [RoleGrant], findings: [Finding], blocked: Int) {
        var grants: [RoleGrant] = []
        var findings: [Finding] = []
        var blocked = 0
        // Dedicated accounts never take the name of an existing account or of another entry's.
        var taken = Set(inventory.serviceAccounts.map(\.ref)).union(entries.compactMap(\.account))
        var firstEntry: [ObjectRef: String] = [:]
        var roleEntries: [String: String] = [:]
        let accountEntries = Dictionary(
            entries.filter { $0.workload == nil }.compactMap { entry in entry.account.map { ($0, entry.location) } },
            uniquingKeysWith: { first, _ in first })
        for entry in entries {
            var result: Result<(RoleGrant, [Finding]), Finding>
            if let workload = entry.workload, let first = firstEntry[workload] {
                result = .failure(Self.mappedTwice(entry, workload, first: first))
            } else if let workload = entry.workload, entry.account == nil, let account = currentAccount(of: workload),
                let first = accountEntries[account]
            {
                result = .failure(Self.mappedTwice(entry, workload, first: first, through: account))
            } else if let workload = entry.workload {
                firstEntry[workload] = entry.location
                result = resolveWorkload(entry, workload, taken: &taken)
            } else if let account = entry.account, let first = accountEntries[account], first != entry.location {
                result = .failure(
                    Finding(
                        .error, "service-account-mapped-twice", subject: account.description,
                        "\(entry.location) maps \(account) again (\(first) already does): merge the two entries, then re-plan"))
            } else if let account = entry.account {
                result = resolve(entry, account: account)
            } else {
                continue  // the map's parser refuses an entry with neither
            }
            if case .success(let (grant, _)) = result {
                if let first = roleEntries[grant.role.description] {
                    result = .failure(Self.roleTaken(entry, grant, first: first))
                } else {
                    roleEntries[grant.role.description] = entry.location
                }
            }
            switch result {
            case .success(let (grant, notes)):
                grants.append(grant)
                findings += notes
            case .failure(let finding):
                findings.append(finding)
                blocked += 1
            }
        }
        return (grants, findings, blocked)
    }

    /// One role, one service account: a second entry giving the same role (by roleName, or by
    /// a default name cut to IAM's 64 characters) would get a role that does not trust it.
    static func roleTaken(_ entry: ServiceAccountMap.Entry, _ grant: RoleGrant, first: String) -> Finding {
        Finding(
            .error, "role-name-taken", subject: grant.account.description,
            "\(entry.location) gives \(grant.account) role \(grant.role), which \(first) already gives another service account, and a role trusts exactly one: set a roleName of its own, then re-plan"
        )
    }

    private func resolve(_ entry: ServiceAccountMap.Entry, account: ObjectRef) -> Result<(RoleGrant, [Finding]), Finding> {
        let subject = account.description
        guard account.name != "default" else {
            return .failure(
                Finding(
                    .error, "default-service-account", subject: subject,
                    "\(entry.location) maps the default service account: every pod of namespace \(account.namespace) without its own account would get the role; give the workload its own service account, then re-plan"
                ))
        }
        let users = inventory.workloads.filter {
            $0.ref.namespace == account.namespace && $0.template.effectiveServiceAccount == account.name
        }
        guard users.count <= 1 else {
            return .failure(
                Finding(
                    .error, "service-account-shared", subject: subject,
                    "\(users.count) workloads run as \(account.name) (\(KiamStepBuilder.listed(users.map(\.ref)))): each would get the role; give each workload its own service account, then re-plan"
                ))
        }
        // A namespace nothing of the inventory is in: the account's step would fail at apply.
        guard
            inventory.namespaces.contains(where: { $0.name == account.namespace })
                || inventory.serviceAccounts.contains(where: { $0.namespace == account.namespace })
                || inventory.workloads.contains(where: { $0.ref.namespace == account.namespace })
        else {
            return .failure(
                Finding(
                    .error, "namespace-not-found", subject: subject,
                    "\(entry.location) maps a service account of namespace \(account.namespace), which is not in the inventory: fix the namespace, then re-plan"
                ))
        }
        var notes: [Finding] = []
        if users.isEmpty {
            notes.append(
                Finding(
                    .info, "service-account-unused", subject: subject,
                    "no workload runs as \(account.name) now: its role and account are still created (as eksctl does)"))
        }
        let existing = inventory.serviceAccounts.first { $0.ref == account }
        let current = existing?.annotations[Annotations.irsaRoleARN]
        if let current, current != roleARN(entry, account: account)?.description {
            return .failure(
                Finding(
                    .error, "service-account-has-role", subject: subject,
                    "\(account.name) already carries \(Annotations.irsaRoleARN)=\(current); remove it from the map or from the account, then re-plan"
                ))
        }
        // Annotated with this very role (an earlier plan of this map was applied): nothing to
        // annotate; the role's missing policies, the restarts and the checks remain.
        return permissions(entry, account: account, users: users).map { grant, more in
            var done = grant
            done.accountDone = current != nil
            return (done, notes + more)
        }
    }

    /// The role, its trust, and exactly the policies the entry names.
    func permissions(_ entry: ServiceAccountMap.Entry, account: ObjectRef, users: [Workload]) -> Result<
        (RoleGrant, [Finding]), Finding
    > {
        let subject = account.description
        guard let role = roleARN(entry, account: account) else {
            return .failure(
                Finding(
                    .error, "role-name-invalid", subject: subject, "\(entry.location).roleName is not a role name or role ARN"))
        }
        // The role as IAM has it, when it exists.
        let held = details.role(role.description)
        var policyARNs = entry.attachPolicyARNs
        var inline: [String: JSONValue] = [:]
        if let document = entry.attachPolicy { inline[RoleGrant.attachPolicyName] = document }
        var copiedManaged: [String: [String]] = [:]
        var copiedInline: [String: [String]] = [:]
        for name in entry.copyFromNodeRole {
            let holders = nodeRoles.conflicting(name)
            guard holders.isEmpty else {
                return .failure(
                    Finding(
                        .error, "node-policy-ambiguous", subject: subject,
                        "\(entry.location).copyFromNodeRole names \(name), which node roles \(holders.joined(separator: ", ")) have with different contents: copy one by its ARN, or name it in attachPolicyARNs / attachPolicy, then re-plan"
                    ))
            }
            switch nodeRoles.find(name) {
            case .managed(let node, let arn)?:
                policyARNs.append(arn)
                copiedManaged[node, default: []].append(arn)
            case .inline(let node, let inlineName, let document)?:
                inline[inlineName] = document
                copiedInline[node, default: []].append(inlineName)
            case nil:
                // Moved off the node role by an applied cleanup: the role holds it already.
                let heldManaged = held?.attachedPolicies.filter { $0.name == name || $0.arn == name } ?? []
                let heldInline = held?.inlinePolicies.filter { $0.name == name } ?? []
                if !heldManaged.isEmpty || !heldInline.isEmpty {
                    policyARNs += heldManaged.map(\.arn)
                    for policy in heldInline { inline[policy.name] = try? JSONValue(parsing: policy.document) }
                    continue
                }
                return .failure(
                    Finding(
                        .error, "node-policy-not-found", subject: subject,
                        "\(entry.location).copyFromNodeRole names \(name), which no node role (\(options.nodeRoles.joined(separator: ", "))) has attached or inline; fix the map, then re-plan"
                    ))
            }
        }
        policyARNs = Array(Set(policyARNs)).sorted()
        if let foreign = policyARNs.first(where: { ARN($0).map { $0.account != "aws" && $0.account != role.account } ?? false }) {
            return .failure(
                Finding(
                    .error, "policy-in-other-account", subject: subject,
                    "\(entry.location) gives role \(role) the managed policy \(foreign) of another account, which IAM does not attach; use a policy of account \(role.account) (or attachPolicy), then re-plan"
                ))
        }
        for arn in policyARNs
        where ARN(arn)?.account != "aws" && details.policy(arn) == nil
            && !copiedManaged.values.contains(where: { $0.contains(arn) })
        {
            return .failure(
                Finding(
                    .error, "policy-not-found", subject: subject,
                    "\(entry.location) attaches \(arn), which is not a customer managed policy in iam-authorization-details.json; create it or fix the ARN, then re-plan"
                ))
        }
        if let failure = sizeFinding(entry, subject: subject, managed: policyARNs.count, inline: inline) {
            return .failure(failure)
        }
        let provider = ARN.oidcProvider(partition: role.partition, account: role.account, issuer: options.issuer)
        let subjectClaim = "system:serviceaccount:\(account.namespace):\(account.name)"
        let trust = TrustPolicy(statements: [
            .webIdentity(provider: provider, issuer: options.issuer, audience: options.audience, subjects: [subjectClaim])
        ])
        var notes: [Finding] = []
        var exists = false
        if let current = held {
            let same = current.trustPolicyText.flatMap { try? JSONValue(parsing: $0) }.map {
                Fingerprint.sameDocument($0, trust.json)
            }
            guard same == true else {
                return .failure(
                    Finding(
                        .error, "role-exists-other-trust", subject: role.description,
                        "\(entry.location): role \(role.roleName ?? "") exists with another trust policy; pick another roleName or fix its trust, then re-plan"
                    ))
            }
            exists = true
            notes.append(
                Finding(
                    .info, "role-exists", subject: role.description,
                    "exists with the planned trust: reused, its policies are added"))
        }
        if policyARNs.isEmpty && inline.isEmpty {
            notes.append(
                Finding(
                    .warning, "role-grants-nothing", subject: role.description,
                    "\(entry.location) names no policy: the role grants nothing"))
        }
        var tags = entry.tags
        tags[RoleCreation.planTag] = planID
        let path = role.resource.split(separator: "/").dropFirst().dropLast().joined(separator: "/")
        return .success(
            (
                RoleGrant(
                    account: account, role: role, path: path.isEmpty ? "/" : "/\(path)/", trustPolicy: trust,
                    permissionsBoundary: entry.permissionsBoundary, tags: tags, policyARNs: policyARNs, inlinePolicies: inline,
                    roleExists: exists, users: users, copiedManaged: copiedManaged, copiedInline: copiedInline,
                    heldPolicyARNs: Set(held?.attachedPolicies.map(\.arn) ?? []),
                    heldInline: Dictionary(
                        (held?.inlinePolicies ?? []).compactMap { policy in
                            (try? JSONValue(parsing: policy.document)).map { (policy.name, $0) }
                        }, uniquingKeysWith: { first, _ in first }),
                    detachFromNodeRole: entry.detachFromNodeRole, location: entry.location), notes
            ))
    }

    /// `roleName` as an ARN, or a name in the (first) node role's account; eksctl-like default.
    func roleARN(_ entry: ServiceAccountMap.Entry, account: ObjectRef) -> ARN? {
        if let text = entry.roleName, text.hasPrefix("arn:") {
            guard let arn = ARN(text), arn.roleName != nil else { return nil }
            return arn
        }
        let name = entry.roleName ?? String("irsa-\(account.namespace)-\(account.name)".prefix(IAMLimits.roleNameLength))
        guard name.allSatisfy(Self.isRoleNameCharacter), name.count <= IAMLimits.roleNameLength,
            let node = nodeRoles.roles.first.flatMap({ ARN($0.arn) })
        else { return nil }
        return ARN(partition: node.partition, service: "iam", account: node.account, resource: "role/\(name)")
    }

    /// What IAM allows in a role name: letters, digits and `+=,.@_-`.
    private static func isRoleNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "+=,.@_-".contains(character))
    }

    private func sizeFinding(_ entry: ServiceAccountMap.Entry, subject: String, managed: Int, inline: [String: JSONValue])
        -> Finding?
    {
        if managed > IAMLimits.managedPoliciesPerRole {
            return Finding(
                .error, "too-many-managed-policies", subject: subject,
                "\(entry.location) attaches \(managed) managed policies, over IAM's default quota of \(IAMLimits.managedPoliciesPerRole) per role; merge some, then re-plan"
            )
        }
        let size = inline.values.reduce(0) { $0 + $1.serialized(.minified).count }
        if size > IAMLimits.inlinePolicyCharacters {
            return Finding(
                .error, "inline-policy-too-large", subject: subject,
                "\(entry.location): the inline policies would be \(size) characters, over IAM's \(IAMLimits.inlinePolicyCharacters) per role; move some into a managed policy, then re-plan"
            )
        }
        return nil
    }
}
