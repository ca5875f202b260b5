import Foundation
import MigrationCore

/// The header and summary of a stored plan, without its steps: what `status` shows above
/// the step rows it reads from the `steps` table.
public struct PlanHeading: Codable, Equatable, Sendable {
    public var header: Plan.Header
    public var summary: Plan.Summary

    enum CodingKeys: String, CodingKey {
        case header = "plan"
        case summary
    }
}

extension SQLitePlanStore {
    /// The heading of plan `id`, nil when there is no such plan. It is read from its own
    /// column: the body holds tens of megabytes of steps for a large plan, and status of a
    /// 10,000-workload plan spent most of its second reading them from disk.
    public func heading(id: String) throws -> PlanHeading? {
        let row = try withDatabase { database in
            try database.query("SELECT heading FROM plans WHERE id = ?", [.text(id)]).first
        }
        guard let row else { return nil }
        guard let heading = row.optionalText(0) else {
            throw PlanStoreError.corrupt(planID: id, detail: "the stored plan has no heading")
        }
        do {
            return try JSONDecoder().decode(PlanHeading.self, from: Data(heading.utf8))
        } catch let error as DecodingError {
            throw PlanStoreError.corrupt(planID: id, detail: PlanDecodingError(error).description)
        }
    }
}
