/// A reference to a Kubernetes object as the plan and reports name it:
/// `deployment/NAMESPACE/NAME`, `serviceaccount/NAMESPACE/NAME`, `namespace/NAME`.
public struct ObjectRef: Hashable, Comparable, Sendable, ParsedFromText {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case deployment, statefulset, daemonset, cronjob, job, pod
        case serviceaccount, namespace
    }

    public var kind: Kind
    /// Empty for cluster-scoped objects (namespaces).
    public var namespace: String
    public var name: String

    public init(_ kind: Kind, namespace: String = "", name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    public static func serviceAccount(_ namespace: String, _ name: String) -> ObjectRef {
        ObjectRef(.serviceaccount, namespace: namespace, name: name)
    }

    public static func namespace(_ name: String) -> ObjectRef {
        ObjectRef(.namespace, name: name)
    }

    public var description: String {
        namespace.isEmpty ? "\(kind.rawValue)/\(name)" : "\(kind.rawValue)/\(namespace)/\(name)"
    }

    /// Parses `KIND/NAMESPACE/NAME` (or `namespace/NAME`); nil when the text is not a reference.
    public init?(parsing text: String) {
        let parts = text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        guard let kind = parts.first.flatMap({ Kind(rawValue: $0.lowercased()) }) else { return nil }
        switch (kind, parts.count) {
        case (.namespace, 2) where !parts[1].isEmpty:
            self.init(.namespace, name: parts[1])
        case (_, 3) where kind != .namespace && !parts[1].isEmpty && !parts[2].isEmpty:
            self.init(kind, namespace: parts[1], name: parts[2])
        default:
            return nil
        }
    }

    public static func < (lhs: ObjectRef, rhs: ObjectRef) -> Bool {
        (lhs.namespace, lhs.kind.rawValue, lhs.name) < (rhs.namespace, rhs.kind.rawValue, rhs.name)
    }
}
