/// What `irsa-migrate audit` found in an estate: a value the renderers print, nothing more.
public struct AuditReport: Sendable, Equatable {
    public var summary: Summary
    /// Sorted: severity, code, subject, statement.
    public var findings: [AuditFinding]
    /// One per issuer, sorted by issuer.
    public var accessMaps: [AccessMap]
    /// What the audit could not check from this input, and why (one sentence each).
    public var notChecked: [String]

    public init(summary: Summary, findings: [AuditFinding], accessMaps: [AccessMap], notChecked: [String]) {
        self.summary = summary
        self.findings = findings
        self.accessMaps = accessMaps
        self.notChecked = notChecked
    }

    public struct Summary: Sendable, Equatable {
        public var roles: Int
        public var accounts: [String]
        public var serviceAccounts: Int
        public var workloads: Int
        /// Nil when the source did not list OIDC providers.
        public var oidcProviders: Int?
        /// The `--issuer` URLs, empty when none were given.
        public var issuers: [String]

        public init(
            roles: Int, accounts: [String], serviceAccounts: Int, workloads: Int, oidcProviders: Int?, issuers: [String]
        ) {
            self.roles = roles
            self.accounts = accounts
            self.serviceAccounts = serviceAccounts
            self.workloads = workloads
            self.oidcProviders = oidcProviders
            self.issuers = issuers
        }
    }

    /// How many findings of each severity.
    public func count(_ severity: Finding.Severity) -> Int {
        findings.filter { $0.severity == severity }.count
    }

    /// Whether some finding is at least as severe as `threshold` (error > warning > info).
    public func hasFindings(atOrAbove threshold: Finding.Severity) -> Bool {
        findings.contains { $0.severity <= threshold }
    }
}

/// A finding in the plan's `{severity, code, subject, message}` shape, plus the trust
/// statement it is about when there is one.
public struct AuditFinding: Sendable, Hashable, Comparable {
    public var finding: Finding
    public var statement: StatementRef?

    public init(_ severity: Finding.Severity, _ code: String, subject: String, statement: StatementRef? = nil, _ message: String)
    {
        finding = Finding(severity, code, subject: subject, message)
        self.statement = statement
    }

    public var severity: Finding.Severity { finding.severity }
    public var code: String { finding.code }
    public var subject: String { finding.subject }
    public var message: String { finding.message }

    /// `SUBJECT` or `SUBJECT statement 2 (Sid "Kiam")`.
    public var location: String {
        statement.map { "\(subject) \($0)" } ?? subject
    }

    public static func < (lhs: AuditFinding, rhs: AuditFinding) -> Bool {
        (lhs.severity, lhs.code, lhs.subject, lhs.statement?.index ?? -1, lhs.message)
            < (rhs.severity, rhs.code, rhs.subject, rhs.statement?.index ?? -1, rhs.message)
    }
}

/// One statement of a trust policy: its position (people count from 1) and its Sid.
public struct StatementRef: Sendable, Hashable, CustomStringConvertible {
    /// Zero-based position in the document's Statement list.
    public var index: Int
    /// The Sid as written; nil when the statement has none (or an empty one).
    public var sid: String?

    public init(index: Int, sid: String?) {
        self.index = index
        self.sid = sid.flatMap { $0.isEmpty ? nil : $0 }
    }

    public var number: Int { index + 1 }

    public var description: String {
        sid.map { "statement \(number) (Sid \"\($0)\")" } ?? "statement \(number)"
    }
}

/// Who can assume what through one issuer: the roles every service account of that issuer can
/// assume, and for each service account of the inventory the other roles its trust allows.
public struct AccessMap: Sendable, Equatable {
    /// The issuer URL (`https://...`).
    public var issuer: String
    /// Roles whose trust admits any service account of this issuer (no `:sub`, or a wildcard).
    public var anyServiceAccount: [String]
    /// Service accounts that can assume at least one role beyond `anyServiceAccount`, sorted.
    public var serviceAccounts: [Entry]

    public init(issuer: String, anyServiceAccount: [String], serviceAccounts: [Entry]) {
        self.issuer = issuer
        self.anyServiceAccount = anyServiceAccount
        self.serviceAccounts = serviceAccounts
    }

    public struct Entry: Sendable, Equatable {
        public var serviceAccount: ObjectRef
        /// Role ARNs, sorted.
        public var roles: [String]

        public init(serviceAccount: ObjectRef, roles: [String]) {
            self.serviceAccount = serviceAccount
            self.roles = roles
        }
    }
}
