/// The audit for machines: sorted keys, two-space indentation, findings in the plan's
/// `{severity, code, subject, message}` shape plus `statement` when one is meant.
///
/// ```
/// { "audit":      { "roles", "accounts", "serviceAccounts", "workloads", "oidcProviders", "issuers" },
///   "counts":     { "error", "warning", "info" },
///   "findings":   [ { "severity", "code", "subject", "statement"?: { "index", "sid"? }, "message" } ],
///   "accessMap":  [ { "issuer", "anyServiceAccount": [ARN], "serviceAccounts": [ { "serviceAccount", "roles" } ] } ],
///   "notChecked": [ "..." ] }
/// ```
public enum AuditJSONRenderer {
    public static func render(_ report: AuditReport) -> String {
        document(report).serialized(.prettySorted) + "\n"
    }

    static func document(_ report: AuditReport) -> JSONValue {
        let summary = report.summary
        return .object([
            "audit": .object([
                "roles": .int(summary.roles), "accounts": .strings(summary.accounts),
                "serviceAccounts": .int(summary.serviceAccounts), "workloads": .int(summary.workloads),
                "oidcProviders": summary.oidcProviders.map { .int($0) } ?? .null, "issuers": .strings(summary.issuers),
            ]),
            "counts": .object([
                "error": .int(report.count(.error)), "warning": .int(report.count(.warning)), "info": .int(report.count(.info)),
            ]),
            "findings": .array(report.findings.map(finding)),
            "accessMap": .array(report.accessMaps.map(accessMap)),
            "notChecked": .strings(report.notChecked),
        ])
    }

    static func finding(_ finding: AuditFinding) -> JSONValue {
        var members: [JSONValue.Member] = [
            .init("severity", .string(finding.severity.rawValue)), .init("code", .string(finding.code)),
            .init("subject", .string(finding.subject)), .init("message", .string(finding.message)),
        ]
        if let statement = finding.statement {
            var reference: [JSONValue.Member] = [.init("index", .int(statement.number))]
            if let sid = statement.sid { reference.append(.init("sid", .string(sid))) }
            members.append(.init("statement", .object(reference)))
        }
        return .object(members)
    }

    private static func accessMap(_ map: AccessMap) -> JSONValue {
        .object([
            "issuer": .string(map.issuer), "anyServiceAccount": .strings(map.anyServiceAccount),
            "serviceAccounts": .array(
                map.serviceAccounts.map { entry in
                    .object(["serviceAccount": .string(entry.serviceAccount.description), "roles": .strings(entry.roles)])
                }),
        ])
    }
}
