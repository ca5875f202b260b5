/// Facts a plan kind records for its report beyond the steps, as data; `Render/` words them.
/// A kiam-to-irsa plan has none (`"notes": {}`).
public struct PlanNotes: Codable, Equatable, Sendable {
    public var issuerMove: IssuerMoveFacts?

    public init(issuerMove: IssuerMoveFacts? = nil) {
        self.issuerMove = issuerMove
    }
}
