extension KiamStepBuilder {
    /// The opt-in cleanup: drop the kiam server / node role trust from roles no workload of
    /// this cluster still uses through kiam, and the namespace restrictions of namespaces
    /// whose kiam workloads are all switched by the plan. Each depends on the verify steps
    /// (verify-workload: pods re-created; verify-assume-role) it relies on.
    mutating func addCleanup(
        roles: [String: IAMRole], policies: [String: TrustPolicy], stillOnKiam: [String: [ObjectRef]],
        findings: inout [Finding]
    ) {
        let agents = Set(options.agentRoles)
        for arn in Set(verifyStepIDsByRole.keys).sorted() {
            guard let role = roles[arn], let original = policies[arn], let roleARN = ARN(arn) else { continue }
            let current = editedPolicy(arn) ?? original
            let agentStatements = current.statements.filter { Self.trustsOnly(agents, $0) }
            // The agent beside other principals: removing such a statement would take theirs too.
            let shared = current.statements.filter { statement in
                statement.effect == .allow && !Self.trustsOnly(agents, statement)
                    && statement.principal?.values(of: .aws).contains(where: agents.contains) == true
            }
            guard !agentStatements.isEmpty || !shared.isEmpty else { continue }
            if let users = stillOnKiam[arn], !users.isEmpty {
                findings.append(
                    Finding(
                        .info, "agent-trust-kept", subject: arn,
                        "keeps its kiam/kube2iam trust: \(Self.listed(users)) still use it through kiam and are not switched by this plan"
                    ))
                continue
            }
            // The agent keeps its access through such a statement: removing the others revokes nothing.
            guard shared.isEmpty else {
                findings.append(
                    Finding(
                        .warning, "agent-trust-shared", subject: arn,
                        "\(shared.count == 1 ? "a statement trusts" : "\(shared.count) statements trust") the kiam/kube2iam agent beside other principals, so cleanup leaves the role's agent trust as it is: once verify passed, take the agent out of its trust by hand"
                    ))
                continue
            }
            let edit = TrustEdit(role: role, before: current, after: current.removing(agentStatements))
            if let finding = edit.checkAccess(granted: [], revoked: agentStatements) {
                findings.append(finding)
                continue
            }
            append(
                edit.step(
                    role: roleARN, phase: .cleanup, summary: "stop trusting the kiam/kube2iam agent in role \(role.name)",
                    dependsOn: Array(Set(verifyStepIDsByRole[arn] ?? [])).sorted()),
                original: original, final: edit.after)
        }
        addNamespaceCleanup(findings: &findings)
    }

    /// Workloads the plan switches with a cutover patch (Jobs and bare Pods are re-created by hand).
    var switchedWorkloads: Set<ObjectRef> {
        Set(steps.filter { $0.action == .switchWorkload }.compactMap(\.target.objectRef))
    }

    static func listed(_ refs: [ObjectRef]) -> String {
        let sorted = refs.sorted().map(\.description)
        return sorted.prefix(5).joined(separator: ", ") + (sorted.count > 5 ? " and \(sorted.count - 5) more" : "")
    }

    /// True when the statement allows only the given agent roles (and nothing else).
    static func trustsOnly(_ agents: Set<String>, _ statement: TrustStatement) -> Bool {
        guard statement.raw.member(caseInsensitive: "Effect")?.stringValue == "Allow",
            let principal = statement.raw.member(caseInsensitive: "Principal")?.members,
            principal.count == 1, principal[0].key == "AWS"
        else { return false }
        let values = principal[0].value.stringList
        return !values.isEmpty && values.allSatisfy(agents.contains)
    }

    private mutating func addNamespaceCleanup(findings: inout [Finding]) {
        let switched = switchedWorkloads
        for namespace in inventory.namespaces.sorted(by: { $0.name < $1.name }) {
            let present = restrictionKeys.filter { namespace.annotations[$0] != nil }
            guard !present.isEmpty, let verifySteps = verifyStepIDsByNamespace(namespace.name) else { continue }
            let remaining = inventory.workloads.filter {
                $0.ref.namespace == namespace.name && $0.template.annotations[roleKey] != nil && !switched.contains($0.ref)
            }.map(\.ref)
            guard remaining.isEmpty else {
                findings.append(
                    Finding(
                        .info, "namespace-restriction-kept", subject: ObjectRef.namespace(namespace.name).description,
                        "keeps \(present.joined(separator: ", ")): \(Self.listed(remaining)) still use kiam there and are not switched by this plan"
                    ))
                continue
            }
            let removal = NamespaceAnnotationRemoval(
                keys: present, previous: namespace.annotations.filter { present.contains($0.key) })
            steps.append(
                Step(
                    phase: .cleanup, target: .object(.namespace(namespace.name)),
                    summary: "remove \(present.joined(separator: ", ")) from namespace \(namespace.name)",
                    dependsOn: verifySteps,
                    fingerprint: Fingerprint.namespaceAnnotations(removal.keys, in: namespace.annotations),
                    payload: .removeNamespaceAnnotation(removal)))
        }
    }
}
