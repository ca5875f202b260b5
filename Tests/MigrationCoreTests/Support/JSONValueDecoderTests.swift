import Foundation
import TestSupport
import XCTest

@testable import MigrationCore

/// `Plan(json:)` reads plans with `JSONValueDecoder` instead of Foundation's decoder: the
/// values and the errors must be the ones Foundation's gave.
final class JSONValueDecoderTests: XCTestCase {
    private func both<T: Decodable & Equatable>(_ type: T.Type, _ text: String) throws -> (T, T) {
        let foundation = try JSONDecoder().decode(type, from: Data(text.utf8))
        let ours = try JSONValueDecoder().decode(type, from: try JSONValue(parsing: text))
        return (foundation, ours)
    }

    func testEveryFixturePlanDecodesAsFoundationDecodesIt() throws {
        let plans = [
            try ExecutionFixtures.kiamHarness(cleanup: true).plan,
            try ExecutionFixtures.issuerMoveHarness(deleteOldProvider: true).plan, try InstanceRoleFixtures.plan(cleanup: true),
        ]
        for plan in plans {
            let (foundation, ours) = try both(Plan.self, String(decoding: try plan.compactJSON(), as: UTF8.self))
            XCTAssertEqual(ours.header, foundation.header)
            XCTAssertEqual(ours.findings, foundation.findings)
            XCTAssertEqual(ours.roles, foundation.roles)
            XCTAssertEqual(ours.notes, foundation.notes)
            for (mine, theirs) in zip(ours.steps, foundation.steps) { XCTAssertEqual(mine, theirs) }
            XCTAssertEqual(ours, foundation)
        }
    }

    func testJSONFragmentsComeOutAsJSONValueDecodesThem() throws {
        let text = #"{"b": [1, 2.50, -0, 1e2, "x", null, true], "a": {"z": {}, "Y": []}}"#
        let (foundation, ours) = try both(JSONValue.self, text)
        XCTAssertEqual(ours, foundation)
        XCTAssertEqual(try both([String: JSONValue].self, text).1, try both([String: JSONValue].self, text).0)
    }

    /// A large plan's steps are decoded apart, on every core: the same plan, the same errors.
    func testALargePlanDecodesAsFoundationDecodesItWithTheSameErrors() throws {
        var plan = try ExecutionFixtures.kiamHarness(cleanup: true).plan
        while plan.steps.count < 3000 { plan.steps += plan.steps }
        let text = String(decoding: try plan.compactJSON(), as: UTF8.self)
        XCTAssertEqual(try Plan(json: text), try JSONDecoder().decode(Plan.self, from: Data(text.utf8)))
        guard case .object(var members) = try JSONValue(parsing: text),
            let index = members.firstIndex(where: { $0.key == "steps" }), case .array(var steps) = members[index].value,
            case .object(var step) = steps[2100]
        else { return XCTFail("not a plan document") }
        step.removeAll { $0.key == "phase" }
        steps[2100] = .object(step)
        members[index].value = .array(steps)
        let broken = JSONValue.object(members).serialized()
        var expected: PlanDecodingError?
        XCTAssertThrowsError(try JSONDecoder().decode(Plan.self, from: Data(broken.utf8))) {
            expected = ($0 as? DecodingError).map(PlanDecodingError.init)
        }
        XCTAssertThrowsError(try Plan(json: broken)) {
            XCTAssertEqual($0 as? PlanDecodingError, expected)
            XCTAssertEqual("\($0)", "steps.2100 has no phase")
        }
    }

    /// Large objects are looked up through an index: the same values, a repeated key's first.
    func testLargeObjectsDecodeAsSmallOnesDo() throws {
        let members = (0..<40).map { #""role-\#($0)": ["sa-\#($0)"]"# }
        let text = "{" + (members + [#""role-7": ["again"]"#]).joined(separator: ", ") + "}"
        let (foundation, ours) = try both([String: [String]].self, text)
        XCTAssertEqual(ours, foundation)
        XCTAssertEqual(ours.count, 40)
        XCTAssertEqual(ours["role-7"], ["sa-7"], "a repeated key keeps its first value")
        struct Missing: Decodable { var absent: String }
        XCTAssertThrowsError(try JSONValueDecoder().decode(Missing.self, from: try JSONValue(parsing: text)))
    }

    func testErrorsNameTheSamePlaceAsFoundations() throws {
        struct Item: Decodable, Equatable {
            var name: String
            var count: Int?
        }
        struct List: Decodable, Equatable { var items: [Item] }
        let broken = [
            #"{"items": [{"name": "a"}, {"count": 1}]}"#, #"{"items": [{"name": 3}]}"#, #"{"items": [{"name": null}]}"#,
            #"{"items": {"name": "a"}}"#, #"{"items": [{"name": "a", "count": "x"}]}"#, #"{}"#,
        ]
        for text in broken {
            var expected: PlanDecodingError?
            XCTAssertThrowsError(try JSONDecoder().decode(List.self, from: Data(text.utf8))) {
                expected = ($0 as? DecodingError).map(PlanDecodingError.init)
            }
            XCTAssertThrowsError(try JSONValueDecoder().decode(List.self, from: try JSONValue(parsing: text)), text) {
                XCTAssertEqual(($0 as? DecodingError).map(PlanDecodingError.init), expected, text)
            }
        }
        XCTAssertEqual(try both(List.self, #"{"items": [{"name": "a", "count": null}]}"#).1.items, [Item(name: "a")])
    }
}
