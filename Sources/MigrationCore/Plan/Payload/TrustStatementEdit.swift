/// `add-trust-statements` / `remove-trust-statements`: statements to add to and remove from
/// a role's trust policy, applied structurally to the live document. The inverse swaps them.
public struct TrustStatementEdit: Codable, StepPayloadCoding {
    typealias Forward = TrustStatementEdit
    /// The statements as JSON objects, as they will be written.
    public var add: [JSONValue]
    public var remove: [JSONValue]
    /// Issuer-move cleanup only: wait for verify and the token lifetime.
    public var gate: CleanupGate?

    public init(add: [JSONValue], remove: [JSONValue], gate: CleanupGate? = nil) {
        self.add = add
        self.remove = remove
        self.gate = gate
    }

    /// The undo, as a reader of the plan document sees it.
    struct Swapped: Codable {
        var add: [JSONValue]
        var remove: [JSONValue]
    }

    var inverse: Swapped? { Swapped(add: remove, remove: add) }

    init(forward: TrustStatementEdit, inverse: Swapped?) { self = forward }
    static var inverseFollowsFromForward: Bool { true }

    /// The edit that undoes this one.
    public var reversed: TrustStatementEdit { TrustStatementEdit(add: remove, remove: add) }
}
