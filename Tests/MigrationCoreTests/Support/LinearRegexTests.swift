import Foundation
import MigrationCore
import TestSupport
import XCTest

final class LinearRegexTests: XCTestCase {
    let arn = "arn:aws:iam::111122223333:role/apps/orders-api"

    private func matches(_ pattern: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        do {
            return try LinearRegex(pattern).wholeMatch(text)
        } catch {
            XCTFail("\(pattern): \(error)", file: file, line: line)
            return false
        }
    }

    func testPatternsKiamUsersWrite() {
        XCTAssertTrue(matches(".*", arn))
        XCTAssertTrue(matches("arn:aws:iam::111122223333:role/apps/.*", arn))
        XCTAssertFalse(matches("apps/.*", arn), "anchored at both ends, like kiam's strict mode")
        XCTAssertTrue(matches(#"arn:aws:iam::\d{12}:role/(apps|jobs)/[a-z-]+"#, arn))
        XCTAssertFalse(matches(#"arn:aws:iam::\d{11}:role/.*"#, arn))
        XCTAssertTrue(matches(#"^arn:aws:iam::111122223333:role/apps/[^/]+$"#, arn))
        XCTAssertTrue(matches("(?i)ARN:AWS:IAM::111122223333:ROLE/.*", arn))
        XCTAssertFalse(matches("ARN:.*", arn))
        XCTAssertTrue(matches(#"arn:aws:iam::111122223333:role/apps/orders\-api"#, arn))
        XCTAssertTrue(matches(#"\Qarn:aws:iam::111122223333:role/\E.+"#, arn))
        XCTAssertTrue(matches("(?:arn:aws:iam::111122223333:role/)?apps/orders-api|" + arn, arn))
        XCTAssertTrue(matches("a{2,3}", "aaa"))
        XCTAssertFalse(matches("a{2,3}", "aaaa"))
        XCTAssertTrue(matches("(a*)*b", "aaab"), "an empty-matching loop ends")
        XCTAssertTrue(matches("", ""))
        XCTAssertFalse(matches("", arn), "an empty pattern matches only the empty text")
    }

    func testNestedQuantifiersRunInLinearTime() {
        let long = String(repeating: "a", count: 20_000)
        XCTAssertFalse(matches("(.*)*x", long))
        XCTAssertFalse(matches("(a+)+$b", long))
        XCTAssertFalse(matches("(a|a)*b", long))
        XCTAssertTrue(matches("(.*)*a", long))
    }

    func testSyntaxOutsideTheSubsetIsUnsupported() {
        for pattern in ["(?=a)", #"(a)\1"#, #"\pL"#, "[[:alpha:]]", "a**", "*a", "[", "(", ")", "\\", "a{1001}", "[z-a]"] {
            XCTAssertThrowsError(try LinearRegex(pattern), pattern)
        }
        XCTAssertThrowsError(try LinearRegex(String(repeating: "a", count: 20_000)))
        XCTAssertThrowsError(try LinearRegex(String(repeating: "(a{1000}){1000}", count: 1)), "too large expanded")
    }

    /// Agrees with Foundation's engine on patterns both read the same way.
    func testAgreesWithNSRegularExpression() throws {
        let patterns = [
            "arn:aws:iam::[0-9]+:role/.*", "[^:]+:[a-z]+:iam::.*", ".*orders.*", ".*(orders|billing)-api", "arn:.{3}:.*",
            "(arn:aws:iam::111122223333:role/)(apps/)?orders-api", #"[\w:/-]+"#, #"[\s\S]*"#, "a?b?c?.*",
        ]
        let texts = [arn, "arn:aws:iam::1:role/x", "orders", "", "arn:aws:iam::111122223333:role/orders-api"]
        for pattern in patterns {
            let reference = try NSRegularExpression(pattern: "^(?:\(pattern))$")
            for text in texts {
                let expected = reference.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                XCTAssertEqual(matches(pattern, text), expected, "\(pattern) on \(text)")
            }
        }
    }

    func testAnUncheckablePatternIsAFindingAndTheLongOneIsShortened() throws {
        var inventory = Inventory(roles: [Fixtures.role("apps/orders")])
        let pattern = "(?=x)" + String(repeating: "y", count: 100_000)
        (inventory.namespaces, inventory.serviceAccounts) = Fixtures.namespaces(
            ["kiam"], annotations: ["kiam": ["iam.amazonaws.com/permitted": pattern]])
        inventory.workloads = [Fixtures.workload(.deployment, "kiam", "orders", role: "apps/orders")]
        let plan = try KiamToIRSAPlanner(
            options: KiamToIRSAOptions(issuer: Fixtures.issuer, roleBaseARN: "arn:aws:iam::111122223333:role/")
        ).plan(inventory, createdAt: Fixtures.pinnedTime)
        let finding = try XCTUnwrap(plan.findings.first { $0.code == "namespace-restriction-unreadable" })
        XCTAssertTrue(finding.message.contains("cannot be checked"), finding.message)
        XCTAssertLessThan(finding.message.count, 1000)
    }
}
