import Foundation
import MigrationCore

/// The header and summary of a stored plan, without its steps: what `status` shows above
/// the step rows it reads from the `steps` table.
public struct PlanHeading: Equatable, Sendable {
    public var header: Plan.Header
    public var summary: Plan.Summary
}

extension SQLitePlanStore {
    /// The heading of plan `id`, nil when there is no such plan. SQLite's `json_extract`
    /// takes the two small objects out of the body, so the tens of megabytes of steps of a
    /// large plan are scanned in C and never decoded (status of a 10,000-workload plan
    /// spent its seconds decoding them).
    public func heading(id: String) throws -> PlanHeading? {
        let row = try withDatabase { database in
            try database.query(
                "SELECT json_extract(body, '$.plan'), json_extract(body, '$.summary') FROM plans WHERE id = ?", [.text(id)]
            ).first
        }
        guard let row else { return nil }
        guard let header = row.optionalText(0), let summary = row.optionalText(1) else {
            throw PlanStoreError.corrupt(planID: id, detail: "the stored plan has no plan header or summary")
        }
        do {
            let decoder = JSONDecoder()
            return PlanHeading(
                header: try decoder.decode(Plan.Header.self, from: Data(header.utf8)),
                summary: try decoder.decode(Plan.Summary.self, from: Data(summary.utf8)))
        } catch let error as DecodingError {
            throw PlanStoreError.corrupt(planID: id, detail: PlanDecodingError(error).description)
        }
    }
}
