/// A workload that uses a kiam role and can move, with the role it resolves to.
struct KiamWorkload: Sendable {
    var workload: Workload
    var roleARN: String
    var annotationValue: String
    /// The pod annotation the agent reads the role from (kube2iam `--iam-role-key`).
    var annotationKey = Annotations.kiamRole

    var namespace: String { workload.ref.namespace }
    var currentServiceAccount: String { workload.template.effectiveServiceAccount }
}

/// Which service account a workload runs as after the move, and what must happen to it.
struct ServiceAccountAssignment: Sendable, Equatable {
    enum Change: Sendable, Equatable {
        /// Already annotated with the role: nothing to do.
        case none
        case annotate(previousRole: String?)
        /// A dedicated account, created with the pull secrets of the one it replaces.
        case create(imagePullSecrets: [String])
    }

    var workload: ObjectRef
    var namespace: String
    var from: String
    var to: String
    var roleARN: String
    var change: Change

    var subject: String { "system:serviceaccount:\(namespace):\(to)" }
}

/// Gives every movable workload a service account under three rules: the `default` account
/// is never annotated, one account never gets two roles, and an account is annotated in
/// place only when every workload that runs as it moves with that same role (annotating it
/// would give the others the role at their next restart). Other workloads get dedicated
/// accounts named after themselves.
struct ServiceAccountAssigner {
    let serviceAccounts: [ObjectRef: ServiceAccount]
    /// Every workload of the inventory by the service account it runs as.
    let users: [ObjectRef: [ObjectRef]]

    init(serviceAccounts: [ServiceAccount], workloads: [Workload] = []) {
        self.serviceAccounts = Dictionary(serviceAccounts.map { ($0.ref, $0) }, uniquingKeysWith: { first, _ in first })
        users = Dictionary(grouping: workloads) {
            ObjectRef.serviceAccount($0.ref.namespace, $0.template.effectiveServiceAccount)
        }
        .mapValues { $0.map(\.ref) }
    }

    func assign(_ workloads: [KiamWorkload]) -> (assignments: [ServiceAccountAssignment], findings: [Finding]) {
        var assignments: [ServiceAccountAssignment] = []
        var findings: [Finding] = []
        var takenNames = Set(serviceAccounts.keys)
        var reused = Set<ObjectRef>()
        let groups = Dictionary(grouping: workloads) { ObjectRef.serviceAccount($0.namespace, $0.currentServiceAccount) }
        for accountRef in groups.keys.sorted() {
            let members = (groups[accountRef] ?? []).sorted { $0.workload.ref < $1.workload.ref }
            let roles = Set(members.map(\.roleARN))
            let account = serviceAccounts[accountRef]
            let others = Set(users[accountRef] ?? []).subtracting(members.map(\.workload.ref)).sorted()
            let annotated = account?.annotations[Annotations.irsaRoleARN]
            let sharedWithOthers = !others.isEmpty && annotated == nil
            if accountRef.name == "default" || (roles.count > 1 && annotated == nil) || sharedWithOthers {
                if sharedWithOthers && accountRef.name != "default" {
                    findings.append(sharedFinding(accountRef, roles: roles, others: others))
                }
                for member in members {
                    assignments.append(dedicated(for: member, replacing: account, taken: &takenNames, reused: &reused))
                }
                continue
            }
            guard account != nil else {
                findings += members.map {
                    Finding(
                        .error, "service-account-not-found", subject: $0.workload.ref.description,
                        "uses service account \(accountRef.name), which does not exist in namespace \($0.namespace): create it or fix the workload, then re-plan"
                    )
                }
                continue
            }
            for member in members {
                if let annotated, annotated != member.roleARN {
                    findings.append(
                        Finding(
                            .error, "service-account-conflict", subject: member.workload.ref.description,
                            "uses role \(member.roleARN) through kiam, but its service account \(accountRef) is already annotated with \(annotated): decide which role it needs, fix one of them, then re-plan"
                        ))
                    continue
                }
                assignments.append(
                    ServiceAccountAssignment(
                        workload: member.workload.ref, namespace: member.namespace, from: accountRef.name, to: accountRef.name,
                        roleARN: member.roleARN, change: annotated == nil ? .annotate(previousRole: nil) : .none))
            }
        }
        return (assignments, findings)
    }

    private func sharedFinding(_ account: ObjectRef, roles: Set<String>, others: [ObjectRef]) -> Finding {
        let listed = others.prefix(5).map(\.description).joined(separator: ", ") + (others.count > 5 ? ", ..." : "")
        return Finding(
            .info, "shared-service-account", subject: account.description,
            "also runs \(listed), which does not move with role \(roles.sorted().joined(separator: ", ")): annotating it would give them the role at their next restart, so the kiam workloads get dedicated service accounts"
        )
    }

    private func dedicated(
        for member: KiamWorkload, replacing account: ServiceAccount?, taken: inout Set<ObjectRef>,
        reused: inout Set<ObjectRef>
    ) -> ServiceAccountAssignment {
        if let earlier = earlierDedicated(for: member, reused: reused) {
            reused.insert(earlier)
            return ServiceAccountAssignment(
                workload: member.workload.ref, namespace: member.namespace, from: member.currentServiceAccount,
                to: earlier.name, roleARN: member.roleARN, change: .none)
        }
        let (name, pullSecrets) = Self.dedicatedAccount(for: member.workload.ref, replacing: account, taken: &taken)
        return ServiceAccountAssignment(
            workload: member.workload.ref, namespace: member.namespace, from: member.currentServiceAccount, to: name,
            roleARN: member.roleARN, change: .create(imagePullSecrets: pullSecrets))
    }

    /// The account an earlier plan's prepare created for this workload and nothing runs as
    /// yet: under one of the names `freeName` gives it, labelled as irsa-migrate's and
    /// annotated with the role. Planning again before the cutover reuses it, where it would
    /// otherwise create one more account (and trust one more subject) at every plan.
    private func earlierDedicated(for member: KiamWorkload, reused: Set<ObjectRef>) -> ObjectRef? {
        for name in Self.candidateNames(base: member.workload.ref.name) {
            let ref = ObjectRef.serviceAccount(member.namespace, name)
            // The first free name ends the names a plan could have given.
            guard let account = serviceAccounts[ref] else { return nil }
            if !reused.contains(ref), account.labels[Annotations.createdByLabel] == Annotations.createdByValue,
                account.annotations[Annotations.irsaRoleARN] == member.roleARN, users[ref, default: []].isEmpty
            {
                return ref
            }
        }
        return nil
    }

    /// A dedicated account for `workload`: a name free in `taken` (then taken), and the pull
    /// secrets of the account it replaces so its images still pull. The instance-role
    /// planner's `workload` map entries get theirs the same way.
    static func dedicatedAccount(
        for workload: ObjectRef, replacing account: ServiceAccount?, taken: inout Set<ObjectRef>
    ) -> (name: String, imagePullSecrets: [String]) {
        let name = freeName(base: workload.name, namespace: workload.namespace, taken: taken)
        taken.insert(.serviceAccount(workload.namespace, name))
        return (name, account?.imagePullSecrets ?? [])
    }

    /// The workload's own name when free, else with `-irsa`, `-irsa-2`, … (DNS-1123, ≤ 253).
    static func freeName(base: String, namespace: String, taken: Set<ObjectRef>) -> String {
        candidateNames(base: base).first { !taken.contains(.serviceAccount(namespace, $0)) } ?? base
    }

    /// Whether `name` is one `freeName` gives a workload named `base`.
    static func isDedicatedName(_ name: String, for base: String) -> Bool {
        let stem = String(base.lowercased().prefix(240))
        if name == stem || name == "\(stem)-irsa" { return true }
        guard name.hasPrefix("\(stem)-irsa-"), let counter = Int(name.dropFirst(stem.count + "-irsa-".count)) else {
            return false
        }
        return counter >= 2
    }

    /// The names a dedicated account for a workload named `base` may get, in order.
    private static func candidateNames(base: String) -> some Sequence<String> {
        let stem = String(base.lowercased().prefix(240))
        return (1...).lazy.map { counter in
            switch counter {
            case 1: stem
            case 2: "\(stem)-irsa"
            default: "\(stem)-irsa-\(counter - 1)"
            }
        }
    }
}
