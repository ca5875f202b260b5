/// Lays out the steps of an issuer-move plan.
struct IssuerMoveStepBuilder {
    let options: IssuerMoveOptions
    let inventory: Inventory
    private(set) var steps: [Step] = []
    private(set) var roleChanges: [RoleChange] = []
    /// Provider step ids by account key (`PARTITION:ACCOUNT`), and which accounts got one.
    private(set) var providerSteps: [String: Step] = [:]
    private var cleanupStepIDs: [String: [String]] = [:]
    /// Roles whose cleanup the access check refused: they keep trusting the old provider.
    private var cleanupRefused: Set<String> = []
    private(set) var findings: [Finding] = []

    init(options: IssuerMoveOptions, inventory: Inventory) {
        self.options = options
        self.inventory = inventory
    }

    static func accountKey(_ arn: ARN) -> String { "\(arn.partition):\(arn.account)" }

    /// A provider for the new issuer in every account with roles that move, with the old
    /// provider's client ids when known (else the audience).
    mutating func addProviders(for results: [DualTrustPlanner.RoleResult]) {
        let moving = results.filter { !$0.isBlocked && $0.newProvider != nil && $0.oldProvider != nil }
        var providers: [String: (old: ARN, new: ARN)] = [:]
        var audiences: [String: Set<String>] = [:]
        for result in moving {
            guard let old = result.oldProvider, let new = result.newProvider else { continue }
            providers[Self.accountKey(new)] = (old, new)
            audiences[Self.accountKey(new), default: []].insert(result.audience ?? options.audience)
        }
        for key in providers.keys.sorted() {
            guard let (old, new) = providers[key] else { continue }
            // The old provider's client ids when known, else the audiences the account's roles' tokens carry.
            let clientIDs =
                inventory.oidcProviders?.first { $0.arn == old.description }?.clientIDs
                ?? (audiences[key] ?? [options.audience]).sorted()
            let existing = inventory.oidcProviders?.first { $0.arn == new.description }
            // Client ids not in the inventory are not assumed present: apply reads them live.
            if let existing, let known = existing.clientIDs, Set(known).isSuperset(of: clientIDs) { continue }
            let summary: String
            switch existing?.clientIDs {
            case _ where existing == nil:
                summary = "create the OIDC provider for \(options.to.hostAndPath) in account \(new.account)"
            case nil:
                summary =
                    "make sure the OIDC provider for \(options.to.hostAndPath) in account \(new.account) accepts client ids \(clientIDs.sorted().joined(separator: ", ")) (its client ids were not read; apply checks them)"
            default:
                summary = "add client ids to the OIDC provider for \(options.to.hostAndPath) in account \(new.account)"
            }
            let step = Step(
                phase: .prepare, target: .arn(new), summary: summary,
                payload: .ensureOIDCProvider(OIDCProviderEnsure(url: options.to.url, clientIDs: clientIDs.sorted())))
            providerSteps[key] = step
            steps.append(step)
        }
    }

    /// Each role's steps are made on every core (the access checks are most of planning),
    /// then laid out in role order.
    mutating func addRoles(_ results: [DualTrustPlanner.RoleResult]) {
        let builder = self  // a mutating method's `self` cannot be shared with other threads
        for planned in results.concurrentMap({ builder.roleSteps($0) }) {
            guard let planned else { continue }
            if let (step, change) = planned.prepare {
                steps.append(step)
                roleChanges.append(change)
            }
            steps.append(planned.verify)
            switch planned.cleanup {
            case .step(let step)?:
                cleanupStepIDs[Self.accountKey(planned.oldProvider), default: []].append(step.id)
                steps.append(step)
            case .refused(let finding)?:
                findings.append(finding)
                cleanupRefused.insert(planned.roleARN)
            case nil:
                break
            }
        }
    }

    /// One role's steps: nil for a role that does not move.
    private struct RoleSteps {
        var roleARN: String
        var oldProvider: ARN
        var prepare: (Step, RoleChange)?
        var verify: Step
        /// Nil when nothing is cleaned up.
        var cleanup: Cleanup?
    }

    private enum Cleanup {
        case step(Step)
        /// The access check refused it: the role keeps trusting the old provider.
        case refused(Finding)
    }

    private func roleSteps(_ result: DualTrustPlanner.RoleResult) -> RoleSteps? {
        guard !result.isBlocked, let roleARN = result.roleARN, let newProvider = result.newProvider,
            let oldProvider = result.oldProvider, let afterPrepare = result.policyAfterPrepare
        else { return nil }
        let providerStep = providerSteps[Self.accountKey(newProvider)].map { [$0.id] } ?? []
        var verifyDependsOn = providerStep
        var prepare: (Step, RoleChange)?
        if let edit = result.prepare {
            let step = edit.step(
                role: roleARN, phase: .prepare,
                summary:
                    "dual trust: copy \(result.copies.counted("statement")) for \(options.to.hostAndPath) in role \(result.role.name)",
                dependsOn: providerStep)
            verifyDependsOn.append(step.id)
            prepare = (
                step,
                RoleChange(
                    arn: result.role.arn, quota: options.trustPolicyQuota, sizeBefore: edit.before.minifiedSize,
                    sizeAfter: edit.after.minifiedSize, before: edit.before.json, after: edit.after.json)
            )
        }
        let verify = verifyStep(result, role: roleARN, dependsOn: verifyDependsOn)
        return RoleSteps(
            roleARN: result.role.arn, oldProvider: oldProvider, prepare: prepare, verify: verify,
            cleanup: cleanup(result, role: roleARN, policy: afterPrepare, verifyStepID: verify.id))
    }

    private func verifyStep(_ result: DualTrustPlanner.RoleResult, role: ARN, dependsOn: [String]) -> Step {
        let subject = result.exactSubjects.sorted().first
        let account = subject.flatMap(Self.serviceAccount(fromSubject:))
        return Step(
            phase: .verify, target: .arn(role),
            summary: subject.map { "a token from \(options.to.hostAndPath) for \($0) can assume role \(result.role.name)" }
                ?? "the trust of role \(result.role.name) allows \(options.to.hostAndPath) tokens (no exact subject to mint one for)",
            dependsOn: dependsOn,
            payload: .verifyAssumeRole(
                IdentityCheck(
                    roleARN: result.role.arn, serviceAccount: account, audience: result.audience ?? options.audience,
                    issuer: options.to.url,
                    subject: subject)))
    }

    static func serviceAccount(fromSubject subject: String) -> ObjectRef? {
        let parts = subject.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "system", parts[1] == "serviceaccount", !parts[2].isEmpty, !parts[3].isEmpty,
            !subject.hasWildcard
        else { return nil }
        return .serviceAccount(parts[2], parts[3])
    }

    /// Removal of the old-issuer statements that now have a twin, gated on verify and on
    /// the token lifetime having passed since the switch.
    private func cleanup(
        _ result: DualTrustPlanner.RoleResult, role: ARN, policy: TrustPolicy, verifyStepID: String
    ) -> Cleanup? {
        guard !result.cleanup.isEmpty, let old = result.oldProvider else { return nil }
        let after = policy.removing(result.cleanup.map(\.remove)).adding(result.cleanup.compactMap(\.keep))
        let edit = TrustEdit(role: result.role, before: policy, after: after)
        let expectation = AccessExpectation(
            mayLose: { $0.provider == old.description },
            providers: [old.description] + (result.newProvider.map { [$0.description] } ?? []))
        if let finding = edit.checkAccess(granted: [], revoked: result.cleanup.map(\.revoked), expectation: expectation) {
            return .refused(finding)
        }
        return .step(
            edit.step(
                role: role, phase: .cleanup, summary: "stop trusting \(options.from.hostAndPath) in role \(result.role.name)",
                dependsOn: [verifyStepID], gate: gate))
    }

    var gate: CleanupGate { CleanupGate(tokenLifetimeSeconds: options.tokenLifetime) }

    /// With --delete-old-provider: delete the old provider of an account when, after
    /// cleanup, no role of the inventory references it any more.
    mutating func addOldProviderDeletion(roleResults: [DualTrustPlanner.RoleResult]) {
        guard options.deleteOldProvider else { return }
        for (key, cleanupIDs) in cleanupStepIDs.sorted(by: { $0.key < $1.key }) {
            let stillUsed = roleResults.contains { result in
                guard let old = result.oldProvider, Self.accountKey(old) == key else { return false }
                let remaining = result.policyAfterPrepare?.removing(result.cleanup.map(\.remove)).statements ?? []
                return result.isBlocked || cleanupRefused.contains(result.role.arn)
                    || remaining.contains { $0.federatedProviders.contains(old.description) }
            }
            guard !stillUsed, let old = roleResults.first(where: { $0.oldProvider.map(Self.accountKey) == key })?.oldProvider
            else {
                continue
            }
            steps.append(
                Step(
                    phase: .cleanup, target: .arn(old),
                    summary:
                        "delete the OIDC provider for \(options.from.hostAndPath) in account \(old.account): no role trusts it any more",
                    dependsOn: cleanupIDs.sorted(),
                    payload: .deleteOIDCProvider(OIDCProviderDeletion(url: options.from.url, gate: gate))))
        }
    }
}
