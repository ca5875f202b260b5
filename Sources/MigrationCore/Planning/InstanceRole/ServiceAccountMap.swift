/// The map of `plan instance-role --service-accounts FILE`: which service account gets which
/// permissions. Entries follow eksctl's `iam.serviceAccounts`, so either a bare
/// `{"serviceAccounts": [...]}` or a whole ClusterConfig in JSON is accepted.
public struct ServiceAccountMap: Sendable, Equatable {
    public var entries: [Entry]
    /// `sha256:` of the file's canonical form: recorded in the plan's options, so a changed map
    /// makes another plan.
    public var digest: String

    public struct Entry: Sendable, Equatable {
        /// The service account the role is for; nil for a `workload` entry.
        public var account: ObjectRef?
        /// `"workload": "deployment/NS/NAME"`: a dedicated account for that workload.
        public var workload: ObjectRef?
        /// A role name, or an ARN (another account, or a path).
        public var roleName: String?
        public var attachPolicyARNs: [String]
        /// An inline policy document, written as it is.
        public var attachPolicy: JSONValue?
        public var permissionsBoundary: String?
        public var tags: [String: String]
        /// Names or ARNs of the node role's policies the new role gets as they are.
        public var copyFromNodeRole: [String]
        /// Cleanup may remove the copied policies from the node role.
        public var detachFromNodeRole: Bool
        /// Where the entry is in the file, for findings: `serviceAccounts[2]`.
        public var location: String
    }

    /// Members eksctl has that this tool does not act on: refused so none is silently ignored.
    static let unsupported = ["wellKnownPolicies", "attachRoleARN", "roleOnly"]
    static let known = [
        "metadata", "workload", "roleName", "attachPolicyARNs", "attachPolicy", "permissionsBoundary", "tags",
        "copyFromNodeRole", "detachFromNodeRole", "status",
    ]

    public init(entries: [Entry], digest: String = "") {
        self.entries = entries
        self.digest = digest
    }

    /// Parses the file's text; the error names the entry and member at fault.
    public init(parsing text: String) throws(ServiceAccountMapError) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            throw ServiceAccountMapError("not valid JSON: \(error)")
        }
        let list: [JSONValue]
        let prefix: String
        if let bare = document["serviceAccounts"] {
            (list, prefix) = (try Self.array(bare, "serviceAccounts"), "serviceAccounts")
        } else if let nested = document["iam"]?["serviceAccounts"] {
            (list, prefix) = (try Self.array(nested, "iam.serviceAccounts"), "iam.serviceAccounts")
        } else {
            throw ServiceAccountMapError(
                "expected {\"serviceAccounts\": [...]} or an eksctl ClusterConfig with iam.serviceAccounts (YAML converted to JSON)"
            )
        }
        var entries: [Entry] = []
        for (index, element) in list.enumerated() {
            entries.append(try Self.entry(element, location: "\(prefix)[\(index)]"))
        }
        self.init(entries: entries, digest: Fingerprint.of(document))
    }

    private static func array(_ value: JSONValue, _ path: String) throws(ServiceAccountMapError) -> [JSONValue] {
        guard let list = value.arrayValue else { throw ServiceAccountMapError("\(path) must be an array") }
        return list
    }

    private static func entry(_ element: JSONValue, location: String) throws(ServiceAccountMapError) -> Entry {
        guard let members = element.members else { throw ServiceAccountMapError("\(location) must be an object") }
        for member in members where !known.contains(member.key) {
            let why = unsupported.contains(member.key) ? "is not supported by irsa-migrate" : "is not a known member"
            throw ServiceAccountMapError(
                "\(location).\(member.key) \(why); use metadata or workload, roleName, attachPolicyARNs, attachPolicy, permissionsBoundary, tags, copyFromNodeRole, detachFromNodeRole"
            )
        }
        let fields = EntryFields(element: element, location: location)
        let account = try fields.account()
        let workload = try fields.workload()
        // Both is a finding of the plan (the other entries are still planned); neither is unusable.
        guard account != nil || workload != nil else {
            throw ServiceAccountMapError("\(location) needs metadata (name, namespace) or workload")
        }
        let policy = element["attachPolicy"]
        if let policy, policy.members == nil {
            throw ServiceAccountMapError("\(location).attachPolicy must be a policy document (an object)")
        }
        return Entry(
            account: account, workload: workload, roleName: try fields.string("roleName"),
            attachPolicyARNs: try fields.strings("attachPolicyARNs"), attachPolicy: policy,
            permissionsBoundary: try fields.string("permissionsBoundary"), tags: try fields.tags(),
            copyFromNodeRole: try fields.strings("copyFromNodeRole"), detachFromNodeRole: try fields.flag("detachFromNodeRole"),
            location: location)
    }
}

/// Why a map file cannot be used; says where.
public struct ServiceAccountMapError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
