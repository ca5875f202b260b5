/// A condition operator name taken apart: set qualifier, base comparison, negation, IfExists.
///
/// Parsing is case-insensitive (`stringequals` means StringEquals). Operators we do not
/// implement (Numeric, Date, Bool, IpAddress, Binary) are `.unsupported`: the evaluator
/// never lets them grant access, because the keys a web-identity token provides are text.
struct ConditionOperator: Hashable, Sendable {
    enum Qualifier: Hashable, Sendable {
        case none
        case forAnyValue
        case forAllValues
    }

    enum Base: Hashable, Sendable {
        case stringEquals
        case stringEqualsIgnoreCase
        case stringLike
        case arnLike
        case null
        case unsupported(String)
    }

    let qualifier: Qualifier
    let base: Base
    let negated: Bool
    let ifExists: Bool

    init(_ text: String) {
        var name = Substring(text.lowercased())
        if name.hasPrefix("foranyvalue:") {
            qualifier = .forAnyValue
            name = name.dropFirst("foranyvalue:".count)
        } else if name.hasPrefix("forallvalues:") {
            qualifier = .forAllValues
            name = name.dropFirst("forallvalues:".count)
        } else {
            qualifier = .none
        }
        ifExists = name.hasSuffix("ifexists")
        if ifExists { name = name.dropLast("ifexists".count) }
        (base, negated) = Self.bases[String(name)] ?? (.unsupported(String(name)), false)
    }

    private static let bases: [String: (Base, Bool)] = [
        "stringequals": (.stringEquals, false), "stringnotequals": (.stringEquals, true),
        "stringequalsignorecase": (.stringEqualsIgnoreCase, false),
        "stringnotequalsignorecase": (.stringEqualsIgnoreCase, true),
        "stringlike": (.stringLike, false), "stringnotlike": (.stringLike, true),
        // IAM documents ArnEquals and ArnLike as the same comparison (wildcards allowed in both).
        "arnequals": (.arnLike, false), "arnlike": (.arnLike, false),
        "arnnotequals": (.arnLike, true), "arnnotlike": (.arnLike, true),
        "null": (.null, false),
    ]

    var ignoresCase: Bool { base == .stringEqualsIgnoreCase }

    /// True for operators whose values each admit matching requests (StringEquals, StringLike,
    /// ArnLike ... without Not), which is what scopes a key; false for Not forms, Null and
    /// operators we do not implement.
    var isPositiveMatch: Bool {
        switch base {
        case .null, .unsupported: return false
        default: return !negated
        }
    }

    /// Whether the clause holds for a request whose key has `context` values (nil: key absent).
    func isSatisfied(values: [String], context: [String]?) -> Bool {
        let present = context.map { !$0.isEmpty } ?? false
        if base == .null {
            return values.contains { $0.lowercased() == (present ? "false" : "true") }
        }
        guard let context, present else {
            if ifExists || qualifier == .forAllValues { return true }
            if case .unsupported = base { return false }
            return qualifier == .none && negated
        }
        if case .unsupported = base { return false }
        let accepts = { (value: String) -> Bool in
            let matched = values.contains { matches(value, $0) }
            return negated ? !matched : matched
        }
        switch qualifier {
        case .forAnyValue: return context.contains(where: accepts)
        case .forAllValues: return context.allSatisfy(accepts)
        case .none: return negated ? context.allSatisfy(accepts) : context.contains(where: accepts)
        }
    }

    /// The base comparison of one request value with one policy value, without negation.
    private func matches(_ value: String, _ pattern: String) -> Bool {
        switch base {
        case .stringEquals: return value == pattern
        case .stringEqualsIgnoreCase: return value.lowercased() == pattern.lowercased()
        case .stringLike: return Glob.matches(value, pattern: pattern)
        case .arnLike: return Self.arnMatches(value, pattern: pattern)
        case .null, .unsupported: return false
        }
    }

    /// Each of the six colon-separated ARN parts is matched separately, case-sensitively.
    private static func arnMatches(_ value: String, pattern: String) -> Bool {
        let valueParts = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let patternParts = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard valueParts.count == 6, patternParts.count == 6 else { return pattern == "*" || value == pattern }
        return zip(valueParts, patternParts).allSatisfy { Glob.matches(String($0), pattern: String($1)) }
    }
}
