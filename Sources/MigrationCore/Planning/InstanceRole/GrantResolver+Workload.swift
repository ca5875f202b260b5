extension GrantResolver {
    /// A `"workload": "KIND/NS/NAME"` entry: a dedicated service account for that workload
    /// (named as the kiam planner names its dedicated accounts), a role trusted by exactly that
    /// account, and the workload switched to it at cutover.
    func resolveWorkload(_ entry: ServiceAccountMap.Entry, _ ref: ObjectRef, taken: inout Set<ObjectRef>) -> Result<
        (RoleGrant, [Finding]), Finding
    > {
        if let account = entry.account {
            return .failure(
                Finding(
                    .error, "workload-and-metadata", subject: ref.description,
                    "\(entry.location) names both metadata (\(account)) and workload (\(ref)): keep metadata for an existing service account or workload for a dedicated one, then re-plan"
                ))
        }
        guard let workload = inventory.workloads.first(where: { $0.ref == ref }) else {
            return .failure(
                Finding(
                    .error, "workload-not-found", subject: ref.description,
                    "\(entry.location).workload names \(ref), which is not in the inventory: fix the kind, namespace or name, then re-plan"
                ))
        }
        if let kiamRole = workload.template.annotations[Annotations.kiamRole] {
            // Switching would drop the annotation without a way back: kiam moves are their own plan.
            return .failure(
                Finding(
                    .error, "workload-uses-kiam", subject: ref.description,
                    "\(entry.location): \(ref) runs with kiam role \(kiamRole) (\(Annotations.kiamRole)); move it with 'plan kiam-to-irsa', or remove the annotation, then re-plan"
                ))
        }
        let current = ObjectRef.serviceAccount(ref.namespace, workload.template.effectiveServiceAccount)
        let replaced = inventory.serviceAccounts.first { $0.ref == current }
        // It runs as the account an earlier plan of this map made for it, with the role: done.
        if let replaced, replaced.labels[Annotations.createdByLabel] == Annotations.createdByValue,
            ServiceAccountAssigner.isDedicatedName(replaced.name, for: ref.name),
            let annotated = replaced.annotations[Annotations.irsaRoleARN],
            annotated == roleARN(entry, account: current)?.description
        {
            return permissions(entry, account: current, users: [workload]).map { grant, notes in
                var done = grant
                done.accountDone = true
                done.dedicated = RoleGrant.DedicatedAccount(workload: workload, imagePullSecrets: replaced.imagePullSecrets)
                return (done, notes)
            }
        }
        let (name, pullSecrets) = ServiceAccountAssigner.dedicatedAccount(for: ref, replacing: replaced, taken: &taken)
        // Its pods leave that account, and with it the IRSA role it may carry.
        let leaving = replaced?.annotations[Annotations.irsaRoleARN].map { role in
            Finding(
                .warning, "workload-leaves-irsa-role", subject: ref.description,
                "\(entry.location) moves \(ref) off \(current), which carries role \(role): its pods lose that role's permissions unless the map's policies include them"
            )
        }
        return permissions(entry, account: .serviceAccount(ref.namespace, name), users: [workload]).map { grant, notes in
            var dedicated = grant
            dedicated.dedicated = RoleGrant.DedicatedAccount(workload: workload, imagePullSecrets: pullSecrets)
            return (dedicated, notes + (leaving.map { [$0] } ?? []))
        }
    }

    /// The service account a workload of the inventory runs as now.
    func currentAccount(of ref: ObjectRef) -> ObjectRef? {
        inventory.workloads.first { $0.ref == ref }.map { .serviceAccount(ref.namespace, $0.template.effectiveServiceAccount) }
    }

    /// One workload, one role: a second workload entry would make a second account and role the
    /// workload never runs as, and a workload entry for a workload whose account another entry
    /// maps would leave that entry's role unused once the workload is switched.
    static func mappedTwice(_ entry: ServiceAccountMap.Entry, _ ref: ObjectRef, first: String, through account: ObjectRef? = nil)
        -> Finding
    {
        let (already, fix) =
            account.map { ("\(first) maps \($0), which it runs as", "keep one of the two entries") }
            ?? ("\(first) already does", "merge the two entries")
        return Finding(
            .error, "workload-mapped-twice", subject: ref.description,
            "\(entry.location) maps \(ref) again (\(already)): \(fix), then re-plan")
    }
}
