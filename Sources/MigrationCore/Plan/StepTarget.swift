/// What a step acts on: a Kubernetes object or an IAM resource (role or OIDC provider).
/// In the plan document it is one string, a reference (`serviceaccount/NS/NAME`) or an ARN.
public enum StepTarget: Hashable, Comparable, Sendable, ParsedFromText {
    case object(ObjectRef)
    case arn(ARN)

    /// Nil when the text is neither an ARN nor an object reference.
    public init?(parsing text: String) {
        if text.hasPrefix("arn:") {
            guard let arn = ARN(text) else { return nil }
            self = .arn(arn)
        } else {
            guard let ref = ObjectRef(parsing: text) else { return nil }
            self = .object(ref)
        }
    }

    public var description: String {
        switch self {
        case .object(let ref): ref.description
        case .arn(let arn): arn.description
        }
    }

    /// The Kubernetes object, or nil for an IAM target.
    public var objectRef: ObjectRef? {
        if case .object(let ref) = self { return ref }
        return nil
    }

    public static func < (lhs: StepTarget, rhs: StepTarget) -> Bool { lhs.description < rhs.description }
}
