import MigrationCore
import XCTest

@testable import irsa_migrate

/// Argument parsing as a table: argv -> parsed command, or the usage message.
final class ArgumentParsingTests: XCTestCase {
    let issuer = "--issuer=https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"

    func testPlanCommandsParse() throws {
        let kiam = try PlanCommand([
            "kiam-to-irsa", "--snapshot", "dir", issuer, "--role-base-arn", "arn:aws:iam::1:role/", "--strict",
        ])
        XCTAssertEqual(kiam.source, .snapshot("dir"))
        XCTAssertEqual(kiam.state.path, "irsa-migrate.db")
        XCTAssertEqual(kiam.format, .text)
        XCTAssertTrue(kiam.strict)
        guard case .kiamToIRSA(let options) = kiam.kind else { return XCTFail("kind") }
        XCTAssertEqual(options.issuer.hostAndPath, "oidc.eks.eu-west-1.amazonaws.com/id/ABC")
        XCTAssertEqual(options.roleBaseARN, "arn:aws:iam::1:role/")
        XCTAssertEqual(options.audience, "sts.amazonaws.com")
        XCTAssertEqual(options.trustPolicyQuota, 2048)

        let live = try PlanCommand(
            ["kiam-to-irsa", issuer, "--context", "prod", "--profile", "ops", "--profile", "data", "--format", "json"])
        XCTAssertEqual(live.source, .live(LiveOptions(context: "prod", profiles: ["ops", "data"])))
        XCTAssertEqual(live.format, .json)

        let move = try PlanCommand([
            "issuer-move", "--snapshot", "d", "--from", "s3.eu-west-1.amazonaws.com/b", "--to", "https://D1.cloudfront.net/",
            "--token-lifetime", "3600", "--delete-old-provider", "--detailed-exitcode",
        ])
        guard case .issuerMove(let moveOptions) = move.kind else { return XCTFail("kind") }
        XCTAssertEqual(moveOptions.from.url, "https://s3.eu-west-1.amazonaws.com/b")
        XCTAssertEqual(moveOptions.to.url, "https://d1.cloudfront.net")
        XCTAssertEqual(moveOptions.tokenLifetime, 3600)
        XCTAssertTrue(moveOptions.deleteOldProvider)
        XCTAssertTrue(move.detailedExitCode)
    }

    func testUsageErrorsSayWhatIsWrong() {
        let table: [([String], String)] = [
            ([], "plan needs a kind"),
            (["nonsense"], "unknown plan kind nonsense"),
            (["kiam-to-irsa", "--snapshot", "d"], "missing --issuer"),
            (["kiam-to-irsa", "--snapshot", "d", "--issuer", "http://x"], "is not an https issuer URL"),
            (["kiam-to-irsa", "--snapshot", "d", "--issuer", "https://a.example.com/x\ny"], #""https://a.example.com/x\ny""#),
            (["kiam-to-irsa", "--snapshot", "d", issuer, "--bogus"], "unknown option --bogus"),
            (["kiam-to-irsa", "--snapshot", "d", issuer, "--format", "yaml"], "--format must be one of text, json, markdown"),
            (
                ["kiam-to-irsa", "--snapshot", "d", issuer, "--trust-policy-quota", "ten"],
                "--trust-policy-quota must be a whole number"
            ),
            (["kiam-to-irsa", "--snapshot", "d", issuer, "--role-base-arn", "orders"], "--role-base-arn must look like"),
            (["kiam-to-irsa", "--snapshot", "d", issuer, "--cleanup"], "--cleanup needs --agent-role"),
            (["kiam-to-irsa", "--snapshot", "d", issuer, "--context", "x"], "--snapshot reads files only"),
            (["kiam-to-irsa", "--snapshot", "d", issuer, "--issuer", "https://b"], "--issuer is given more than once"),
            (["kiam-to-irsa", "--snapshot"], "--snapshot needs a value"),
            (["kiam-to-irsa", "stray", issuer], "unexpected argument stray"),
            (["issuer-move", "--snapshot", "d", "--from", "https://a", "--to", "https://A/"], "name the same issuer"),
            (["issuer-move", "--snapshot", "d", "--from", "https://a"], "missing --to"),
            (
                ["issuer-move", "--snapshot", "d", "--from", "https://a", "--to", "https://b", "--token-lifetime", "5"],
                "from 600 to 604800"
            ),
        ]
        for (argv, expected) in table {
            XCTAssertThrowsError(try PlanCommand(argv), "\(argv)") { error in
                let message = String(describing: error)
                XCTAssertTrue(message.contains(expected), "\(argv): \(message)")
                XCTAssertTrue(message.contains("--help"), "points to the help: \(message)")
            }
        }
    }

    func testIssuersThatCouldBreakOutOfATrustDocumentAreRefused() {
        let bad = [
            "https://a.example.com/x\n", #"https://a.example.com/x"y"#, "https://a.example.com/x'y",
            #"https://a.example.com/x\y"#,
            "https://*.example.com/x", "https://a..example.com/x", "https://-a.example.com/x", "https://a-.example.com",
            "https://a.example.com/../x", "https://a.example.com/./x", "https://a.example.com//x", "https://a.example.com:443/x",
            "https://a.example.com/x?y=1", "https://a.example.com/x#y", "https://", "https://user@a.example.com", "",
            "https://a.example.com/x*", "https://a.example.com/%2e%2e",
        ]
        for issuer in bad {
            for argv in [
                ["kiam-to-irsa", "--snapshot", "d", "--issuer", issuer],
                ["issuer-move", "--snapshot", "d", "--from", issuer, "--to", "https://b.example.com"],
                ["issuer-move", "--snapshot", "d", "--from", "https://b.example.com", "--to", issuer],
            ] {
                XCTAssertThrowsError(try PlanCommand(argv), "\(argv)") { error in
                    XCTAssertTrue(error is UsageError, "exit 64: \(error)")
                    XCTAssertFalse("\(error)".contains("\n"), "one line: \(error)")
                }
            }
        }
        for good in [
            "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
            "s3.eu-west-1.amazonaws.com/my-bucket_1",
            "https://D1.cloudfront.net/", "https://irsa.example.com/a/b~c",
        ] {
            XCTAssertNoThrow(try PlanCommand(["kiam-to-irsa", "--snapshot", "d", "--issuer", good]), good)
        }
    }

    func testReportAndStatusOptions() throws {
        let report = try ReportCommand(["--plan", "ab12", "--format", "json", "--out", "r.json", "--state", "s.db"])
        XCTAssertEqual(report.planID, "ab12")
        XCTAssertEqual(report.format, .json)
        XCTAssertEqual(report.outPath, "r.json")
        XCTAssertEqual(report.state.path, "s.db")
        XCTAssertEqual(try ReportCommand([]).format, .markdown)
        XCTAssertThrowsError(try ReportCommand(["--format", "text"]))
        XCTAssertEqual(try StatusCommand(["--format", "json"]).format, .json)
        XCTAssertThrowsError(try StatusCommand(["--format", "markdown"]))
    }
}
