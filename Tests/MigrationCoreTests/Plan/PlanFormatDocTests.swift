import Foundation
import MigrationCore
import TestSupport
import XCTest

/// docs/plan-format.md's step table against the payload types: a new action, a renamed type or
/// a changed key fails here until the table says the same.
final class PlanFormatDocTests: XCTestCase {
    struct Row: Equatable {
        var type: String
        var forward: Set<String>
        var inverse: Set<String>
    }

    func testTheStepTableMatchesThePayloadTypes() throws {
        let documented = try documentedRows()
        let actual = try actualRows()
        XCTAssertEqual(Set(documented.keys), Set(Action.allCases.map(\.rawValue)), "one row per action")
        for action in Action.allCases {
            XCTAssertEqual(documented[action.rawValue], actual[action.rawValue], "the row of \(action.rawValue)")
        }
    }

    /// The rows of the table under "## Steps": backquoted names, without parenthesised remarks.
    private func documentedRows() throws -> [String: Row] {
        let text = try String(
            contentsOf: TestPaths.repository.appendingPathComponent("docs/plan-format.md"), encoding: .utf8)
        let section = try XCTUnwrap(text.components(separatedBy: "## Steps").dropFirst().first)
            .components(separatedBy: "\n## ")[0]
        var rows: [String: Row] = [:]
        for line in section.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { names(in: String($0)) }
            guard cells.count >= 5, let action = cells[0].first, let type = cells[1].first else { continue }
            rows[action] = Row(type: type, forward: Set(cells[3]), inverse: Set(cells[4]))
        }
        return rows
    }

    private func names(in cell: String) -> [String] {
        var text = cell
        while let open = text.firstIndex(of: "("), let close = text[open...].firstIndex(of: ")") {
            text.removeSubrange(open...close)
        }
        return text.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
    }

    /// What plans covering every action encode, by action: keys seen in any of its steps.
    private func actualRows() throws -> [String: Row] {
        let plans = [
            try ExecutionFixtures.kiamHarness(cleanup: true).plan,
            try ExecutionFixtures.issuerMoveHarness(deleteOldProvider: true).plan,
            try InstanceRoleFixtures.plan(cleanup: true),
        ]
        var rows: [String: Row] = [:]
        for plan in plans {
            let document = try JSONValue(parsing: String(decoding: try Plan.jsonEncoder().encode(plan), as: UTF8.self))
            for (step, json) in zip(plan.steps, document["steps"]?.arrayValue ?? []) {
                let payload = Mirror(reflecting: step.payload).children.first?.value
                var row =
                    rows[step.action.rawValue] ?? Row(type: payload.map { "\(type(of: $0))" } ?? "", forward: [], inverse: [])
                row.forward.formUnion(keys(json["forward"]))
                row.inverse.formUnion(keys(json["inverse"]))
                rows[step.action.rawValue] = row
            }
        }
        return rows
    }

    private func keys(_ value: JSONValue?) -> Set<String> {
        guard let members = value?.members else { return ["null"] }
        return Set(members.map(\.key))
    }
}
