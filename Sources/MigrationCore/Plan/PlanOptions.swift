/// The options a plan was made with, typed by plan kind. The plan document shows them as
/// strings (`"trustPolicyQuota": "2048"`), the same text the plan id is derived from.
public enum PlanOptions: Equatable, Sendable {
    case kiamToIRSA(KiamToIRSAOptions)
    case issuerMove(IssuerMoveOptions)
    case instanceRole(InstanceRoleOptions)

    /// The size quota of trust documents (IAM's `ACLSizePerRole`) when none is given.
    public static let defaultTrustPolicyQuota = 2048

    public var kind: PlanKind {
        switch self {
        case .kiamToIRSA: .kiamToIRSA
        case .issuerMove: .issuerMove
        case .instanceRole: .instanceRole
        }
    }

    /// Apply and rollback re-check the size of every document they write against it.
    public var trustPolicyQuota: Int {
        switch self {
        case .kiamToIRSA(let options): options.trustPolicyQuota
        case .issuerMove(let options): options.trustPolicyQuota
        case .instanceRole(let options): options.trustPolicyQuota
        }
    }

    /// As the plan document and the report show them.
    public var recorded: [String: String] {
        switch self {
        case .kiamToIRSA(let options): options.recorded
        case .issuerMove(let options): options.recorded
        case .instanceRole(let options): options.recorded
        }
    }

    init(kind: PlanKind, recorded: [String: String]) throws(PlanFormatError) {
        switch kind {
        case .kiamToIRSA: self = .kiamToIRSA(try KiamToIRSAOptions(recorded: recorded))
        case .issuerMove: self = .issuerMove(try IssuerMoveOptions(recorded: recorded))
        case .instanceRole: self = .instanceRole(try InstanceRoleOptions(recorded: recorded))
        }
    }
}

/// Reads one recorded option back.
struct RecordedOptions {
    let values: [String: String]

    func text(_ key: String) throws(PlanFormatError) -> String {
        guard let value = values[key] else { throw PlanFormatError("the plan's options have no \(key)") }
        return value
    }

    func issuer(_ key: String) throws(PlanFormatError) -> IssuerURL {
        guard let url = IssuerURL(try text(key)) else { throw PlanFormatError("option \(key) is not an issuer URL") }
        return url
    }

    func integer(_ key: String) throws(PlanFormatError) -> Int {
        guard let value = Int(try text(key)) else { throw PlanFormatError("option \(key) is not a number") }
        return value
    }

    func flag(_ key: String) throws(PlanFormatError) -> Bool {
        guard let value = Bool(try text(key)) else { throw PlanFormatError("option \(key) is not true or false") }
        return value
    }
}
