/// The terminal view of an audit: what was read, a table of finding codes, the findings
/// (most severe first), the access map, and what could not be checked.
public enum AuditTextRenderer {
    public static func render(_ report: AuditReport) -> String {
        var lines = [AuditSummaryTable.headline(report)]
        let rows = AuditSummaryTable.rows(report)
        let codeWidth = rows.map(\.code.count).max() ?? 0
        lines += ["", "Summary:"] + rows.map { "  \($0.severity.padded(to: 8)) \($0.code.padded(to: codeWidth)) \($0.count)" }
        if rows.isEmpty { lines.append("  no findings") }
        if !report.findings.isEmpty {
            lines += ["", "Findings:"]
            var previous: AuditFinding?
            for finding in report.findings {
                if previous?.code != finding.code || previous?.severity != finding.severity {
                    lines.append("  \(finding.severity.rawValue) \(finding.code)")
                }
                lines.append("    \(finding.location): \(finding.message)")
                previous = finding
            }
        }
        for map in report.accessMaps {
            lines += ["", "Access map, issuer \(map.issuer):"]
            lines += accessLines(map)
        }
        if !report.notChecked.isEmpty {
            lines += ["", "Not checked:"] + report.notChecked.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func accessLines(_ map: AccessMap) -> [String] {
        var lines: [String] = []
        if !map.anyServiceAccount.isEmpty {
            lines.append("  every service account -> \(map.anyServiceAccount.joined(separator: ", "))")
        }
        for entry in map.serviceAccounts {
            lines.append(
                "  \(entry.serviceAccount.namespace)/\(entry.serviceAccount.name) -> \(entry.roles.joined(separator: ", "))")
        }
        if lines.isEmpty { lines.append("  no service account of the inventory can assume a role through this issuer") }
        return lines
    }
}

/// The rows of the summary table, shared by the text and Markdown views.
enum AuditSummaryTable {
    struct Row: Equatable {
        var severity: String
        var code: String
        var count: Int
    }

    static func headline(_ report: AuditReport) -> String {
        let summary = report.summary
        let providers = summary.oidcProviders.map { ", \($0.counted("OIDC provider"))" } ?? ""
        let accounts = summary.accounts.isEmpty ? "" : " in \(summary.accounts.count.counted("account"))"
        let issuers = summary.issuers.isEmpty ? "no --issuer given" : "issuers in use: \(summary.issuers.joined(separator: ", "))"
        return "Audit of \(summary.roles.counted("role"))\(accounts)\(providers), "
            + "\(summary.serviceAccounts.counted("service account")), "
            + "\(summary.workloads.counted("workload")); \(issuers)\n"
            + report.countsLine
    }

    /// One row per code, most severe first.
    static func rows(_ report: AuditReport) -> [Row] {
        var counts: [String: (Finding.Severity, Int)] = [:]
        for finding in report.findings {
            let current = counts[finding.code] ?? (finding.severity, 0)
            counts[finding.code] = (min(current.0, finding.severity), current.1 + 1)
        }
        let rows = counts.map { Row(severity: $0.value.0.rawValue, code: $0.key, count: $0.value.1) }
        return rows.sorted { (severityRank($0.severity), $0.code) < (severityRank($1.severity), $1.code) }
    }

    private static func severityRank(_ text: String) -> Int {
        ["error", "warning", "info"].firstIndex(of: text) ?? 3
    }
}

extension AuditReport {
    /// `1 error, 4 warnings, 28 info`.
    public var countsLine: String {
        "\(count(.error).counted("error")), \(count(.warning).counted("warning")), \(count(.info)) info"
    }
}
