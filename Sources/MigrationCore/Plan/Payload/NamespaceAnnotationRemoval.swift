/// `remove-namespace-annotation`: kiam / kube2iam namespace restrictions that cleanup drops
/// once every kiam workload of the namespace moved. Rollback restores the previous values.
public struct NamespaceAnnotationRemoval: StepPayloadCoding {
    /// The annotations removed, in the order the plan lists them.
    public var keys: [String]
    /// Their values before.
    public var previous: [String: String]

    public init(keys: [String], previous: [String: String]) {
        self.keys = keys
        self.previous = previous
    }

    struct Forward: Codable {
        var remove: [String]
    }

    struct Inverse: Codable {
        var annotations: [String: String]
    }

    var forward: Forward { Forward(remove: keys) }
    var inverse: Inverse? { Inverse(annotations: previous) }

    init(forward: Forward, inverse: Inverse?) {
        self.init(keys: forward.remove, previous: inverse?.annotations ?? [:])
    }
}
