import MigrationCore
import XCTest

/// The four views of one small report.
final class AuditRendererTests: XCTestCase {
    typealias F = AuditFixtures

    private var report: AuditReport {
        let roles = [F.role("open", F.irsa(sid: "Open", condition: "{}")), F.role("app", F.irsa())]
        let accounts = [
            F.serviceAccount("ns", "app", role: F.roleARN("app")), F.serviceAccount("ns", "gone", role: F.roleARN("gone")),
        ]
        return F.audit(roles: roles, serviceAccounts: accounts, issuers: ["https://" + F.issuerA])
    }

    func testJSONKeepsThePlanFindingShapeAndNamesTheStatement() throws {
        let json = try JSONValue(parsing: AuditJSONRenderer.render(report))
        let findings = try XCTUnwrap(json["findings"]?.arrayValue)
        XCTAssertEqual(findings.count, 3)
        let first = findings[0]
        XCTAssertEqual(first["severity"]?.stringValue, "error")
        XCTAssertEqual(first["code"]?.stringValue, "service-account-role-not-found")
        XCTAssertEqual(first["subject"]?.stringValue, "serviceaccount/ns/gone")
        XCTAssertNil(first["statement"])
        let unscoped = try XCTUnwrap(findings.first { $0["code"]?.stringValue == "trust-without-subject" })
        XCTAssertEqual(unscoped["statement"], .object(["index": .int(1), "sid": .string("Open")]))
        XCTAssertEqual(json["counts"], .object(["error": .int(2), "info": .int(0), "warning": .int(1)]))
        let maps = try XCTUnwrap(json["accessMap"]?.arrayValue)
        XCTAssertEqual(maps.first?["anyServiceAccount"], .strings([F.roleARN("open")]))
        XCTAssertEqual(
            maps.first?["serviceAccounts"],
            .array([.object(["roles": .strings([F.roleARN("app")]), "serviceAccount": .string("serviceaccount/ns/app")])]))
    }

    func testSARIFHasOneRulePerCodeAndLevelsAndLocations() throws {
        let sarif = try JSONValue(parsing: AuditSARIFRenderer.render(report, toolVersion: "9.9.9", snapshotDirectory: "snap"))
        XCTAssertEqual(sarif["version"]?.stringValue, "2.1.0")
        let run = try XCTUnwrap(sarif["runs"]?.arrayValue?.first)
        let rules = try XCTUnwrap(run["tool"]?["driver"]?["rules"]?.arrayValue)
        XCTAssertEqual(
            rules.compactMap { $0["id"]?.stringValue },
            ["service-account-role-not-found", "trust-without-audience", "trust-without-subject"])
        let results = try XCTUnwrap(run["results"]?.arrayValue)
        XCTAssertEqual(results.compactMap { $0["level"]?.stringValue }, ["error", "error", "warning"])
        XCTAssertEqual(results.compactMap { $0["ruleIndex"] }, [.int(0), .int(2), .int(1)])
        let location = try XCTUnwrap(results[1]["locations"]?.arrayValue?.first)
        XCTAssertEqual(location["physicalLocation"]?["artifactLocation"]?["uri"]?.stringValue, "snap/iam-roles.json")
        XCTAssertEqual(
            location["logicalLocations"]?.arrayValue?.first?["fullyQualifiedName"]?.stringValue, F.roleARN("open") + "#statement1"
        )
        XCTAssertNotNil(results[0]["partialFingerprints"]?["irsaMigrateFinding/v1"]?.stringValue)
    }

    func testTextAndMarkdownCarryTheSummaryFindingsAndAccessMap() {
        let text = AuditTextRenderer.render(report)
        XCTAssertTrue(text.contains("2 errors, 1 warning, 0 info"), text)
        XCTAssertTrue(text.contains("  error    trust-without-subject          1\n"), text)
        XCTAssertTrue(
            text.contains("  error trust-without-subject\n    \(F.roleARN("open")) statement 1 (Sid \"Open\"): trusts"), text)
        XCTAssertTrue(text.contains("  every service account -> \(F.roleARN("open"))"), text)
        XCTAssertTrue(text.contains("  ns/app -> \(F.roleARN("app"))"), text)
        let markdown = AuditMarkdownRenderer.render(report)
        for heading in ["## Summary", "## Errors (2)", "## Warnings (1)", "## Access map: `https://\(F.issuerA)`"] {
            XCTAssertTrue(markdown.contains(heading), heading)
        }
        XCTAssertTrue(markdown.contains("| ns | app | `\(F.roleARN("app"))` |"), markdown)
    }
}
