import Foundation
import MigrationCore

/// JSON in and out of the state file. Plan bodies use `SortedJSONEncoder` (sorted keys) so
/// the stored text is stable; journal values (before/after, event details) use `JSONValue`
/// text so their key order and number literals survive.
enum StoreJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try Plan.jsonEncoder().encode(value), as: UTF8.self)
    }

    static func decodePlan(_ body: [UInt8], rows: [StepRow], planID: String) throws -> Plan {
        do {
            return try Plan(storedJSON: body, rows: rows)
        } catch {
            throw PlanStoreError.corrupt(planID: planID, detail: error.description)
        }
    }

    static func parse(_ text: String, planID: String) throws -> JSONValue {
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw PlanStoreError.corrupt(planID: planID, detail: "stored JSON does not parse: \(error)")
        }
    }

    static func parseOptional(_ text: String?, planID: String) throws -> JSONValue? {
        guard let text else { return nil }
        return try parse(text, planID: planID)
    }

    static func status(_ text: String, planID: String) throws -> StepStatus {
        guard let status = StepStatus(rawValue: text) else {
            throw PlanStoreError.corrupt(planID: planID, detail: "unknown step status '\(text)'")
        }
        return status
    }
}
