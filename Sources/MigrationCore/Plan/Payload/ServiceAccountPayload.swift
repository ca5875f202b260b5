/// `create-service-account`: a dedicated service account, labelled as made by irsa-migrate.
/// Rollback deletes it only while it carries that label and no workload runs as it.
public struct ServiceAccountCreation: StepPayloadCoding {
    public var annotations: [String: String]
    public var labels: [String: String]
    public var imagePullSecrets: [String]

    public init(annotations: [String: String], labels: [String: String], imagePullSecrets: [String]) {
        self.annotations = annotations
        self.labels = labels
        self.imagePullSecrets = imagePullSecrets
    }

    struct Forward: Codable {
        var annotations: [String: String]
        var labels: [String: String]
        var imagePullSecrets: [String]
    }

    /// Written for readers of the plan document; the rule it states is fixed.
    struct Inverse: Codable {
        var delete = true
        var onlyIfUnused = true
    }

    var forward: Forward { Forward(annotations: annotations, labels: labels, imagePullSecrets: imagePullSecrets) }
    var inverse: Inverse? { Inverse() }

    init(forward: Forward, inverse: Inverse?) {
        self.init(annotations: forward.annotations, labels: forward.labels, imagePullSecrets: forward.imagePullSecrets)
    }
    static var inverseFollowsFromForward: Bool { true }
}

/// `annotate-service-account`: set the IRSA annotations on an existing service account.
/// Rollback restores each to its previous value (nil: it was absent) unless changed since.
public struct ServiceAccountAnnotation: StepPayloadCoding {
    public var annotations: [String: String]
    /// The value each annotation had before, by the same keys; nil when it was absent.
    public var previous: [String: String?]

    public init(annotations: [String: String], previous: [String: String?]) {
        self.annotations = annotations
        self.previous = previous
    }

    struct Annotations<Value: Codable>: Codable {
        var annotations: [String: Value]
    }

    var forward: Annotations<String> { Annotations(annotations: annotations) }
    var inverse: Annotations<String?>? { Annotations(annotations: previous) }

    init(forward: Annotations<String>, inverse: Annotations<String?>?) throws {
        guard let inverse else { throw PlanFormatError("an annotate-service-account step has no previous values") }
        self.init(annotations: forward.annotations, previous: inverse.annotations)
    }
}
