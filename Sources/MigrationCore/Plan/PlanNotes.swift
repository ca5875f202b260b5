/// Facts a plan kind records for its report beyond the steps, as data; `Render/` words them.
/// Keys with nothing to say are left out (a plan that changes no trust has `"notes": {}`).
public struct PlanNotes: Codable, Equatable, Sendable {
    public var issuerMove: IssuerMoveFacts?
    /// Who relies on each changed role today: service accounts annotated with it and the
    /// workloads that run as them, as object references, by role ARN.
    public var dependants: [String: [String]]?

    public init(issuerMove: IssuerMoveFacts? = nil, dependants: [String: [String]]? = nil) {
        self.issuerMove = issuerMove
        self.dependants = dependants?.isEmpty == true ? nil : dependants
    }
}
