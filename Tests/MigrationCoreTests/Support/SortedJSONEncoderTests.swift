import Foundation
import TestSupport
import XCTest

@testable import MigrationCore

/// `SortedJSONEncoder` replaced Foundation's encoder for plans: it must print what that
/// encoder printed, except that keys sort by UTF-8 bytes.
final class SortedJSONEncoderTests: XCTestCase {
    private struct Sample: Codable {
        enum Color: String, Codable { case red }
        var name = "a \"quoted\" \\ path/with/slashes\n\t\u{01}\u{1F} é 🙂"
        var count = -42
        var big = UInt64.max
        var ratio = 1.5
        var whole = 2.0
        var flag = true
        var missing: String? = nil
        var present: String? = "here"
        var color = Color.red
        var list = [[1, 2], [], [3]]
        var labels = ["zeta": "1", "alpha": "2", "mid-key": "3"]
        var nested = Nested()
        var empty: [String: Int] = [:]
    }

    private struct Nested: Codable {
        var inner = ["x"]
        var value: JSONValue = .object(["Version": .string("2012-10-17"), "Statement": .array([.null, .bool(false)])])
    }

    private func foundation<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private func sorted<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try SortedJSONEncoder().encode(value), as: UTF8.self)
    }

    /// The pretty text, and what the tree lays out of the compact text: they must be equal.
    private func pretty<T: Encodable>(_ value: T) throws -> (pretty: String, tree: String) {
        let pretty = String(decoding: try SortedJSONEncoder(pretty: true).encode(value), as: UTF8.self)
        return (pretty, try JSONValue(parsing: try sorted(value)).serialized(.prettySorted))
    }

    func testItPrintsWhatFoundationPrintsForPlanLikeValues() throws {
        XCTAssertEqual(try sorted(Sample()), try foundation(Sample()))
        XCTAssertEqual(try sorted([Sample(), Sample()]), try foundation([Sample(), Sample()]))
        XCTAssertEqual(try sorted("top"), try foundation("top"))
    }

    func testKeysSortByBytesAndARepeatedKeyKeepsItsLastValue() throws {
        struct Twice: Encodable {
            enum Key: String, CodingKey { case b, a, B }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(1, forKey: .b)
                try container.encode(2, forKey: .a)
                try container.encode(3, forKey: .b)
                try container.encode(4, forKey: .B)
            }
        }
        XCTAssertEqual(try sorted(Twice()), #"{"B":4,"a":2,"b":3}"#)
        // More than a struct's dozen keys sort another way.
        let many = Dictionary(uniqueKeysWithValues: (0..<40).map { ("key-\(($0 * 7) % 40)", $0) })
        XCTAssertEqual(try sorted(many), try foundation(many))
    }

    func testNonFiniteNumbersAreErrorsNotText() {
        XCTAssertThrowsError(try SortedJSONEncoder().encode(["x": Double.nan]))
        XCTAssertThrowsError(try SortedJSONEncoder().encode([Double.infinity]))
        XCTAssertThrowsError(try SortedJSONEncoder().encode(["x": JSONValue.array([.number("1e999")])]))
    }

    /// A `JSONValue` is written whole, not value by value: the text must be what its
    /// `Codable` encoding prints (numbers re-read, keys sorted, a repeated key's last value).
    func testAJSONValueIsWrittenAsItsCodableEncodingPrints() throws {
        let value = JSONValue.object([
            .init("b", .number("1.0")), .init("a", .array([.number("1e3"), .number("0.5"), .number("-7"), .number("x")])),
            .init("b", .number("2")), .init("B", .object([.init("z", .null), .init("y", .bool(true))])),
            .init("empty", .object([])), .init("none", .array([])), .init("text", .string("a/\"b\"\n")),
        ])
        XCTAssertEqual(
            try sorted(["value": value, "list": .array([value, .string("s")])]),
            try foundation(["value": value, "list": .array([value, .string("s")])]))
        XCTAssertEqual(
            try sorted(value), #"{"B":{"y":true,"z":null},"a":[1000,0.5,-7,0],"b":2,"empty":{},"none":[],"text":"a/\"b\"\n"}"#)
    }

    /// A large plan's steps and roles are written in slices on every core and joined: the
    /// text must be what one pass prints.
    func testALargePlanPrintsWhatFoundationPrints() throws {
        var plan = try ExecutionFixtures.issuerMoveHarness(deleteOldProvider: true).plan
        XCTAssertFalse(plan.roles.isEmpty)
        while plan.steps.count < 3000 { plan.steps += plan.steps }
        while plan.roles.count < 1100 { plan.roles += plan.roles }
        XCTAssertEqual(String(decoding: try plan.compactJSON(), as: UTF8.self), try foundation(plan))
    }

    func testPrettyTextIsTheTreeLayoutOfTheCompactText() throws {
        let values: [any Encodable] = [
            Sample(), [Sample(), Sample()], "top", [String](), ["a\"b\\c\u{1}": [1], "a": []],
            JSONValue.object([.init("b", .number("1.0")), .init("a", .array([.object([]), .array([.null])]))]),
        ]
        for value in values {
            let (pretty, tree) = try pretty(value)
            XCTAssertEqual(pretty, tree)
        }
    }

    /// Slices written on every core stand at the depth of their array: the large plan's
    /// pretty text, whole or in pieces, is the tree's layout too.
    func testALargePlanPrettyTextWholeOrInPiecesIsTheTreeLayout() throws {
        var plan = try ExecutionFixtures.issuerMoveHarness(deleteOldProvider: true).plan
        while plan.steps.count < 3000 { plan.steps += plan.steps }
        while plan.roles.count < 1100 { plan.roles += plan.roles }
        let (pretty, tree) = try pretty(plan)
        XCTAssertEqual(pretty, tree)
        var pieces: [[UInt8]] = []
        try SortedJSONEncoder(pretty: true).encode(plan) { pieces.append($0) }
        XCTAssertGreaterThan(pieces.count, 1, "a document of \(pretty.utf8.count) bytes comes in pieces")
        XCTAssertEqual(String(decoding: Array(pieces.joined()), as: UTF8.self), pretty)
    }

    func testTheTextParsesBackToTheSameValue() throws {
        let text = try sorted(Sample())
        let decoded = try JSONDecoder().decode(Sample.self, from: Data(text.utf8))
        XCTAssertEqual(try sorted(decoded), text)
    }
}
