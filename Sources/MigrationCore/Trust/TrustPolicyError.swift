/// Why a text or JSON value is not a role trust policy we can work with.
///
/// Statement indexes are zero-based in the values and one-based in the messages, because
/// the messages are read by people looking at the document.
public enum TrustPolicyError: Error, Equatable, Sendable, CustomStringConvertible {
    case notJSON(JSONParseError)
    case notAnObject
    case missingStatement
    case statementsNotAList
    case statementNotAnObject(index: Int)
    case badVersion(String)
    case badSid(index: Int)
    case badEffect(index: Int, found: String?)
    case badPrincipal(index: Int, reason: String)
    case principalAndNotPrincipal(index: Int)
    case missingAction(index: Int)
    case actionAndNotAction(index: Int)
    case badAction(index: Int)
    case badCondition(index: Int, reason: String)

    public var description: String {
        switch self {
        case .notJSON(let cause):
            return "trust policy is not valid JSON: \(cause)"
        case .notAnObject:
            return "trust policy is not a JSON object"
        case .missingStatement:
            return "trust policy has no Statement"
        case .statementsNotAList:
            return "trust policy Statement is neither an object nor an array of objects"
        case .statementNotAnObject(let index):
            return "trust policy statement \(index + 1) is not a JSON object"
        case .badVersion(let found):
            return "trust policy Version \(found) is not 2012-10-17 or 2008-10-17"
        case .badSid(let index):
            return "trust policy statement \(index + 1) has a Sid that is not a string"
        case .badEffect(let index, let found):
            return "trust policy statement \(index + 1) has Effect \(found ?? "(missing)"), expected Allow or Deny"
        case .badPrincipal(let index, let reason):
            return "trust policy statement \(index + 1) has a bad Principal: \(reason)"
        case .principalAndNotPrincipal(let index):
            return "trust policy statement \(index + 1) has both Principal and NotPrincipal"
        case .missingAction(let index):
            return "trust policy statement \(index + 1) has neither Action nor NotAction"
        case .actionAndNotAction(let index):
            return "trust policy statement \(index + 1) has both Action and NotAction"
        case .badAction(let index):
            return "trust policy statement \(index + 1) has an Action that is not a string or a list of strings"
        case .badCondition(let index, let reason):
            return "trust policy statement \(index + 1) has a bad Condition: \(reason)"
        }
    }
}
