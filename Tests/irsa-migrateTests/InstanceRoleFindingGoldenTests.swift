import Foundation
import TestSupport
import XCTest

/// Every finding the instance-role planner can emit is documented in docs/plan-format.md's
/// instance-role table, and every code of that table shows in the plan of at least one golden
/// case under Tests/Golden/instance-role: a new finding without a golden fails here.
final class InstanceRoleFindingGoldenTests: XCTestCase {
    let root = TestPaths.repository

    func testEveryDocumentedInstanceRoleFindingHasAGolden() throws {
        let documented = try documentedCodes()
        XCTAssertFalse(documented.isEmpty)
        let golden = try goldenCodes()
        let missing = documented.subtracting(golden).sorted()
        XCTAssertEqual(missing, [], "no golden case under Tests/Golden/instance-role emits these")
    }

    func testEveryFindingThePlannerEmitsIsDocumented() throws {
        let folder = root.appendingPathComponent("Sources/MigrationCore/Planning/InstanceRole")
        var emitted = Set<String>()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            emitted.formUnion(Self.matches(of: #"\.(?:error|warning|info), "([a-z0-9-]+)""#, in: text))
        }
        XCTAssertGreaterThan(emitted.count, 20)
        XCTAssertEqual(emitted.subtracting(try documentedCodes()).sorted(), [], "add them to docs/plan-format.md")
    }

    /// The backquoted codes of the first column of the table after "`plan instance-role` adds:".
    private func documentedCodes() throws -> Set<String> {
        let text = try String(contentsOf: root.appendingPathComponent("docs/plan-format.md"), encoding: .utf8)
        let section = try XCTUnwrap(text.components(separatedBy: "`plan instance-role` adds:").dropFirst().first)
            .components(separatedBy: "\n## ")[0]
        var codes = Set<String>()
        for line in section.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.split(separator: "|").first.map(String.init) ?? ""
            codes.formUnion(cell.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
        }
        return codes
    }

    private func goldenCodes() throws -> Set<String> {
        let folder = root.appendingPathComponent("Tests/Golden/instance-role")
        var codes = Set<String>()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let plan = folder.appendingPathComponent(name).appendingPathComponent("plan.json")
            guard let text = try? String(contentsOf: plan, encoding: .utf8) else { continue }
            codes.formUnion(Self.matches(of: #""code" *: *"([a-z0-9-]+)""#, in: text))
        }
        return codes
    }

    private static func matches(of pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
