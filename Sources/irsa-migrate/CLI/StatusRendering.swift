import Foundation
import MigrationCore
import StateStore

/// `status` output: the stored plans, then one line per step of the chosen plan.
enum StatusRendering {
    static func text(_ plan: PlanHeading, _ records: [StepRecord], plans: [PlanSummaryRow]) -> String {
        var lines = ["Plans in the state file (newest first):"]
        for row in plans {
            let counts = StepStatus.allCases.compactMap { status in row.stepCounts[status].map { "\($0) \(status.rawValue)" } }
            let marker = row.id == plan.header.id ? "*" : " "
            lines.append(" \(marker) \(row.id)  \(row.kind.rawValue)  \(row.createdAt)  \(counts.joined(separator: ", "))")
        }
        lines.append("")
        lines.append("Plan \(plan.header.id): \(PlanTextRenderer.summaryLine(plan.summary))")
        let actionWidth = records.map(\.action.rawValue.count).max() ?? 0
        for record in records {
            var line = "  \(pad(String(record.position), 4)) \(pad(record.status.rawValue, 9)) \(pad(record.phase.rawValue, 7)) "
            line += "\(pad(record.action.rawValue, actionWidth)) \(record.target)"
            if record.attempts > 1 { line += "  (\(record.attempts) attempts)" }
            if let error = record.lastError { line += "  last error: \(error)" }
            lines.append(line)
        }
        let waiting = records.filter { $0.status == .external }.map { String($0.position) }
        if !waiting.isEmpty {
            lines.append(
                "Waiting for a GitOps or IaC sync: steps \(waiting.joined(separator: ", ")) (their owners' files: 'irsa-migrate export'; run 'irsa-migrate apply' or 'verify' once synced)"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ plan: PlanHeading, _ records: [StepRecord]) -> String {
        let steps = records.map { record -> JSONValue in
            .object([
                "position": .int(record.position), "id": .string(record.id), "phase": .string(record.phase.rawValue),
                "action": .string(record.action.rawValue), "target": .string(record.target),
                "status": .string(record.status.rawValue), "attempts": .int(record.attempts),
                "lastError": record.lastError.map(JSONValue.string) ?? .null,
                "startedAt": record.startedAt.map(JSONValue.string) ?? .null,
                "finishedAt": record.finishedAt.map(JSONValue.string) ?? .null,
            ])
        }
        let document: JSONValue = .object([
            "plan": .object(["id": .string(plan.header.id), "kind": .string(plan.header.kind.rawValue)]),
            "steps": .array(steps),
        ])
        return document.serialized(.prettySorted) + "\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String { text.padded(to: width) }
}
