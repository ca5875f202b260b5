/// The audit as SARIF 2.1.0, so CI systems (code scanning, merge request widgets) can show
/// and track findings. One rule per finding code; each result names its subject as a logical
/// location and, from a snapshot, the file it was read from.
public enum AuditSARIFRenderer {
    static let schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    public static func render(_ report: AuditReport, toolVersion: String, snapshotDirectory: String?) -> String {
        let codes = Array(Set(report.findings.map(\.code))).sorted()
        let driver = JSONValue.object([
            "name": .string("irsa-migrate"), "version": .string(toolVersion),
            "rules": .array(codes.map(rule)),
        ])
        let results = report.findings.map {
            result($0, ruleIndex: codes.firstIndex(of: $0.code) ?? 0, directory: snapshotDirectory)
        }
        let run = JSONValue.object(["tool": .object(["driver": driver]), "results": .array(results)])
        return JSONValue.object(["$schema": .string(schema), "version": .string("2.1.0"), "runs": .array([run])])
            .serialized(.prettySorted) + "\n"
    }

    private static func rule(_ code: String) -> JSONValue {
        .object([
            "id": .string(code), "shortDescription": .object(["text": .string(AuditCodes.description(of: code))]),
        ])
    }

    private static func result(_ finding: AuditFinding, ruleIndex: Int, directory: String?) -> JSONValue {
        var name = finding.subject
        if let statement = finding.statement { name += "#statement\(statement.number)" }
        var location: [JSONValue.Member] = [
            .init("logicalLocations", .array([.object(["fullyQualifiedName": .string(name), "kind": .string("resource")])]))
        ]
        if let directory {
            let uri = (directory.hasSuffix("/") ? directory : directory + "/") + file(of: finding.subject)
            location.append(.init("physicalLocation", .object(["artifactLocation": .object(["uri": .string(uri)])])))
        }
        return .object([
            "ruleId": .string(finding.code), "ruleIndex": .int(ruleIndex), "level": .string(level(finding.severity)),
            "message": .object(["text": .string("\(finding.location): \(finding.message)")]),
            "locations": .array([.object(location)]),
            "partialFingerprints": .object(["irsaMigrateFinding/v1": .string(SHA256.hex("\(finding.code)|\(name)"))]),
        ])
    }

    private static func level(_ severity: Finding.Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// The snapshot file the subject comes from: roles and providers from IAM, the rest from Kubernetes.
    private static func file(of subject: String) -> String {
        if subject.contains(":oidc-provider/") { return "oidc-providers.json" }
        return subject.hasPrefix("arn:") ? "iam-roles.json" : "kubernetes.json"
    }
}
