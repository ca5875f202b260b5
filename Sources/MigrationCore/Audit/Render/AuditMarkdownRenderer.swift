/// The audit as a security review in Markdown (for a pull request or a ticket): the summary
/// table, findings by severity, the access map per issuer, and what was not checked.
public enum AuditMarkdownRenderer {
    public static func render(_ report: AuditReport) -> String {
        var out = Markdown()
        out.line("# irsa-migrate audit")
        out.blank()
        for line in AuditSummaryTable.headline(report).split(separator: "\n") { out.line(String(line) + ".") }
        out.blank()
        out.line("## Summary")
        out.blank()
        let rows = AuditSummaryTable.rows(report)
        if rows.isEmpty {
            out.line("No findings.")
            out.blank()
        } else {
            out.table(["severity", "code", "count"], rows.map { [$0.severity, "`\($0.code)`", "\($0.count)"] })
        }
        findings(report, &out)
        for map in report.accessMaps { accessMap(map, &out) }
        if !report.notChecked.isEmpty { out.section("Not checked", report.notChecked.map { "- \($0)" }) }
        return out.text
    }

    private static func findings(_ report: AuditReport, _ out: inout Markdown) {
        for severity in [Finding.Severity.error, .warning, .info] {
            let group = report.findings.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            out.line("## \(title(severity)) (\(group.count))")
            out.blank()
            out.table(
                ["code", "subject", "statement", "message"],
                group.map { ["`\($0.code)`", "`\($0.subject)`", $0.statement?.description ?? "", $0.message] })
        }
    }

    private static func title(_ severity: Finding.Severity) -> String {
        switch severity {
        case .error: "Errors"
        case .warning: "Warnings"
        case .info: "Info"
        }
    }

    private static func accessMap(_ map: AccessMap, _ out: inout Markdown) {
        out.line("## Access map: `\(map.issuer)`")
        out.blank()
        if !map.anyServiceAccount.isEmpty {
            out.line(
                "Every service account of this issuer can assume: "
                    + map.anyServiceAccount.map { "`\($0)`" }.joined(separator: ", ") + ".")
            out.blank()
        }
        guard !map.serviceAccounts.isEmpty else {
            out.line("No service account of the inventory can assume a role only it is trusted for.")
            out.blank()
            return
        }
        out.table(
            ["namespace", "service account", "roles it can assume"],
            map.serviceAccounts.map { entry in
                [
                    entry.serviceAccount.namespace, entry.serviceAccount.name,
                    entry.roles.map { "`\($0)`" }.joined(separator: "<br>"),
                ]
            })
    }
}
