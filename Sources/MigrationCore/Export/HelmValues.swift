/// The values a typical chart (the `helm create` layout) takes for a workload's switch:
/// `serviceAccount.create/name/annotations`, and `podAnnotations` with the kiam annotation
/// set to null, which Helm reads as "remove this key" from the chart's defaults.
enum HelmValues {
    static func values(for ref: ObjectRef, _ change: WorkloadSwitch, plan: Plan) -> JSONValue {
        let check = plan.steps.lazy.compactMap { step -> IdentityCheck? in
            guard step.target == .object(ref), case .verifyWorkload(let check) = step.payload else { return nil }
            return check
        }.first
        let accountName = change.serviceAccount?.to ?? check?.serviceAccount?.name ?? ""
        let accountRef = ObjectRef.serviceAccount(ref.namespace, accountName)
        var create: Bool?
        var annotations: [String: String] = check.map { [Annotations.irsaRoleARN: $0.roleARN] } ?? [:]
        for step in plan.steps where step.target == .object(accountRef) {
            switch step.payload {
            case .createServiceAccount(let creation):
                create = true
                annotations.merge(creation.annotations) { _, planned in planned }
            case .annotateServiceAccount(let annotation):
                annotations.merge(annotation.annotations) { _, planned in planned }
            default:
                continue
            }
        }
        // An existing account keeps the chart's own `create` (false would make Helm delete it).
        var account: [JSONValue.Member] = create.map { [.init("create", .bool($0))] } ?? []
        account += [.init("name", .string(accountName)), .init("annotations", .stringMap(annotations))]
        var values: [JSONValue.Member] = [.init("serviceAccount", .object(account))]
        if change.previousKiamRole != nil {
            values.append(.init("podAnnotations", .object([JSONValue.Member(change.annotationKey, .null)])))
        }
        return .object(values)
    }
}
