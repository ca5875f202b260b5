/// The terminal view of a plan: a header, the summary, findings, and one line per step.
public enum PlanTextRenderer {
    public static func render(_ plan: Plan) -> String {
        var lines = [
            "Plan \(plan.header.id) (\(plan.header.kind.rawValue)), made \(plan.header.createdAt) from \(plan.header.inputDigest.prefix(19))",
            "  " + summaryLine(plan.summary),
        ]
        if !plan.findings.isEmpty {
            lines.append("")
            lines.append("Findings:")
            let codeWidth = plan.findings.map(\.code.count).max() ?? 0
            for finding in plan.findings {
                lines.append(
                    "  \(pad(finding.severity.rawValue, 8)) \(pad(finding.code, codeWidth)) \(finding.subject): \(finding.message)"
                )
            }
        }
        lines.append("")
        if plan.steps.isEmpty {
            lines.append("No changes: everything planned is already in place.")
        } else {
            lines.append("Steps:")
            let actionWidth = plan.steps.map(\.action.rawValue.count).max() ?? 0
            let positionWidth = String(plan.steps.count).count
            for step in plan.steps {
                let position = String(repeating: " ", count: positionWidth - String(step.position).count) + String(step.position)
                lines.append(
                    "  \(position) \(pad(step.phase.rawValue, 7)) \(pad(step.action.rawValue, actionWidth)) \(step.target)  \(step.summary)"
                        + (step.owner.map { " (owned by \($0.description))" } ?? "")
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func summaryLine(_ summary: Plan.Summary) -> String {
        var parts = [
            summary.steps.counted("step"), summary.workloads.counted("workload"),
            summary.serviceAccounts.counted("service account"), summary.roles.counted("role"),
        ]
        if summary.blocked > 0 { parts.append("\(summary.blocked) blocked by findings") }
        return parts.joined(separator: ", ")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.padded(to: width)
    }
}
