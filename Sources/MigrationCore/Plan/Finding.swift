/// Also an `Error`, so a planning helper can return `Result<Change, Finding>`.
public struct Finding: Codable, Equatable, Hashable, Sendable, Comparable, Error {
    public enum Severity: String, Codable, Sendable, Comparable {
        case error, warning, info

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .info: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var severity: Severity
    /// Stable kebab-case code, e.g. `role-not-found`.
    public var code: String
    /// The object the finding is about: a reference or an ARN.
    public var subject: String
    public var message: String

    public init(_ severity: Severity, _ code: String, subject: String, _ message: String) {
        self.severity = severity
        self.code = code
        self.subject = subject
        self.message = message
    }

    public static func < (lhs: Finding, rhs: Finding) -> Bool {
        (lhs.severity, lhs.code, lhs.subject, lhs.message) < (rhs.severity, rhs.code, rhs.subject, rhs.message)
    }
}
