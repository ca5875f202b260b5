/// The kinds of principal IAM accepts in a trust policy.
public enum PrincipalType: String, Sendable, Hashable, Comparable, CaseIterable {
    case aws = "AWS"
    case service = "Service"
    case federated = "Federated"
    case canonicalUser = "CanonicalUser"

    public static func < (lhs: PrincipalType, rhs: PrincipalType) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A `Principal` or `NotPrincipal` element: `"*"`, or principals by type (values ORed).
public enum Principal: Sendable, Hashable {
    case wildcard
    case entries([Entry])

    public struct Entry: Sendable, Hashable {
        public var type: PrincipalType
        public var values: [String]
    }

    /// The values of one principal type, in document order.
    public func values(of type: PrincipalType) -> [String] {
        guard case .entries(let entries) = self else { return [] }
        return entries.filter { $0.type == type }.flatMap(\.values)
    }

    init(json: JSONValue, index: Int) throws(TrustPolicyError) {
        if json.stringValue == "*" {
            self = .wildcard
            return
        }
        guard let members = json.members else {
            throw .badPrincipal(index: index, reason: "expected \"*\" or an object")
        }
        var entries: [Entry] = []
        for member in members {
            guard let type = PrincipalType.allCases.first(where: { $0.rawValue.lowercased() == member.key.lowercased() })
            else { throw .badPrincipal(index: index, reason: "unknown principal type \(member.key)") }
            guard let values = Self.strings(member.value) else {
                throw .badPrincipal(index: index, reason: "\(member.key) is not a string or a list of strings")
            }
            entries.append(Entry(type: type, values: values))
        }
        self = .entries(entries)
    }

    private static func strings(_ value: JSONValue) -> [String]? {
        if let single = value.stringValue { return [single] }
        guard let elements = value.arrayValue else { return nil }
        let strings = elements.compactMap(\.stringValue)
        return strings.count == elements.count ? strings : nil
    }
}

/// The `Action` or `NotAction` element: which one it was, and the names as written.
public struct ActionList: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case action = "Action"
        case notAction = "NotAction"
    }

    public var kind: Kind
    public var names: [String]

    public init(kind: Kind, names: [String]) {
        self.kind = kind
        self.names = names
    }

    /// Whether the statement covers `action`: names are case-insensitive globs (`*`, `?`),
    /// and NotAction covers every action none of its names match.
    public func covers(_ action: String) -> Bool {
        let matched = names.contains { Glob.matches(action.lowercased(), pattern: $0.lowercased()) }
        return kind == .action ? matched : !matched
    }

    init(statement: JSONValue, index: Int) throws(TrustPolicyError) {
        let action = statement.member(caseInsensitive: "Action")
        let notAction = statement.member(caseInsensitive: "NotAction")
        switch (action, notAction) {
        case (nil, nil): throw .missingAction(index: index)
        case (.some, .some): throw .actionAndNotAction(index: index)
        case (.some(let value), nil): try self.init(kind: .action, value: value, index: index)
        case (nil, .some(let value)): try self.init(kind: .notAction, value: value, index: index)
        }
    }

    private init(kind: Kind, value: JSONValue, index: Int) throws(TrustPolicyError) {
        let names = value.stringList
        let isList = value.stringValue != nil || value.arrayValue?.count == names.count
        guard isList else { throw .badAction(index: index) }
        self.init(kind: kind, names: names)
    }
}

/// One key under one operator of a Condition block. Values are ORed; clauses are ANDed.
public struct ConditionClause: Sendable, Hashable {
    /// The operator as written, prefixes and suffixes included (`ForAnyValue:StringLike`).
    public var `operator`: String
    /// The condition key as written (`oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub`).
    public var key: String
    /// The values as text; booleans and numbers as their literal text.
    public var values: [String]

    public init(operator: String, key: String, values: [String]) {
        self.operator = `operator`
        self.key = key
        self.values = values
    }

    static func parse(_ condition: JSONValue?, index: Int) throws(TrustPolicyError) -> [ConditionClause] {
        guard let condition else { return [] }
        guard let operators = condition.members else {
            throw .badCondition(index: index, reason: "Condition is not an object")
        }
        var clauses: [ConditionClause] = []
        for block in operators {
            guard let keys = block.value.members else {
                throw .badCondition(index: index, reason: "\(block.key) does not map keys to values")
            }
            for key in keys {
                guard let values = literals(key.value) else {
                    throw .badCondition(index: index, reason: "\(block.key) \(key.key) has a value that is not text")
                }
                clauses.append(ConditionClause(operator: block.key, key: key.key, values: values))
            }
        }
        return clauses
    }

    private static func literals(_ value: JSONValue) -> [String]? {
        if let single = value.literalText { return [single] }
        guard let elements = value.arrayValue else { return nil }
        let texts = elements.compactMap(\.literalText)
        return texts.count == elements.count ? texts : nil
    }
}
