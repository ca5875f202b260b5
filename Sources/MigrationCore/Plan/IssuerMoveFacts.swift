/// What an issuer move found about the roles trusting the old issuer. The accounts that
/// need a provider for the new issuer are the plan's `ensure-oidc-provider` steps.
public struct IssuerMoveFacts: Codable, Equatable, Sendable {
    /// Role ARNs by the old provider (ARN) they trust, each list sorted.
    public var rolesByOldProvider: [String: [String]]
    /// Roles trusting the old issuer that prepare leaves as they are, by role ARN.
    public var unchangedRoles: [UnchangedRole]

    public init(rolesByOldProvider: [String: [String]], unchangedRoles: [UnchangedRole]) {
        self.rolesByOldProvider = rolesByOldProvider
        self.unchangedRoles = unchangedRoles
    }

    public struct UnchangedRole: Codable, Equatable, Sendable {
        public enum Reason: String, Codable, Sendable {
            /// Error findings leave it out; `blockedBy` names their codes.
            case blocked
            /// It already trusts the new issuer for every old-issuer statement.
            case alreadyTrustsNewIssuer
        }

        public var role: String
        public var reason: Reason
        /// The codes of the error findings about it, sorted; empty unless blocked.
        public var blockedBy: [String]

        public init(role: String, reason: Reason, blockedBy: [String] = []) {
            self.role = role
            self.reason = reason
            self.blockedBy = blockedBy
        }
    }
}
