import Foundation
import MigrationCore
import TestSupport
import XCTest

@testable import ClusterIO

/// `kubernetes.json` is parsed keeping only the members the shapes read, then decoded from
/// that tree: the shapes must come out as Foundation's decoder makes them from the whole text.
final class KubernetesFilteredDecodingTests: XCTestCase {
    private func filtered(_ data: Data) throws -> KubernetesListDTO {
        try JSONValueDecoder().decode(
            KubernetesListDTO.self, from: try JSONValue(parsing: [UInt8](data), keeping: KubernetesListDTO.members))
    }

    func testTheExampleEstatesDecodeAsFoundationDecodesTheWholeText() throws {
        let files = ["examples/estate/kubernetes.json", "examples/instance-role-estate/kubernetes.json"].map {
            TestPaths.repository.appendingPathComponent($0)
        }
        for data in try files.map({ try Data(contentsOf: $0) }) + [Data(KubernetesFixtures.list.utf8)] {
            let whole = try JSONDecoder().decode(KubernetesListDTO.self, from: data)
            XCTAssertEqual(try filtered(data), whole)
            XCTAssertFalse(whole.items?.isEmpty ?? true)
        }
    }

    /// The items of a large list are decoded apart, on every core: the same objects, and
    /// for a broken item the error a small list gives.
    func testALargeListDecodesAsFoundationDecodesItWithTheSameErrors() throws {
        let items = try XCTUnwrap(try JSONValue(parsing: KubernetesFixtures.list)["items"]?.arrayValue)
        func list(count: Int, breakingItem broken: Int? = nil) -> Data {
            var many = (0..<count).map { items[$0 % items.count] }
            if let broken { many[broken] = .object([.init("kind", .string("Pod")), .init("metadata", .number("1"))]) }
            return Data(JSONValue.object([.init("kind", .string("List")), .init("items", .array(many))]).serialized().utf8)
        }
        let large = list(count: 1100)
        let document = try JSONValue(parsing: [UInt8](large), keeping: KubernetesListDTO.members)
        let (rest, decoded) = try XCTUnwrap(
            JSONValueDecoder().decode(KubernetesListDTO.self, from: document, elementsOf: "items", as: KubernetesObjectDTO.self))
        XCTAssertEqual(
            KubernetesListDTO(apiVersion: rest.apiVersion, kind: rest.kind, items: decoded),
            try JSONDecoder().decode(KubernetesListDTO.self, from: large))
        var expected = ""
        XCTAssertThrowsError(try KubernetesListDecoder.decode(list(count: 10, breakingItem: 5))) { expected = "\($0)" }
        XCTAssertThrowsError(try KubernetesListDecoder.decode(list(count: 1100, breakingItem: 5))) {
            XCTAssertEqual("\($0)", expected)
        }
        XCTAssertTrue(expected.contains("items[5]"), expected)
    }

    func testARepeatedKeyKeepsItsFirstValueAsFoundationDoes() throws {
        let data = Data(
            #"{"kind":"List","kind":"Other","items":[{"metadata":{"name":"a","labels":{"x":"1"},"labels":{"y":"2"}}}]}"#.utf8)
        XCTAssertEqual(try filtered(data), try JSONDecoder().decode(KubernetesListDTO.self, from: data))
        XCTAssertEqual(try filtered(data).items?.first?.metadata?.labels, ["x": "1"])
    }

    func testAStringThatIsNotUTF8IsAnErrorWhereItIsReadOnly() throws {
        func list(_ member: String) -> Data {
            Data(
                Array(#"{"kind":"List","items":[{"kind":"Namespace","metadata":{"name":"a","\#(member)":{"x":""#.utf8) + [0xFF]
                    + Array(#""}}}]}"#.utf8))
        }
        XCTAssertThrowsError(try KubernetesListDecoder.decode(list("labels"))) { error in
            XCTAssertEqual("\(error)", "kubernetes.json: not valid JSON: a string that is not UTF-8 at byte 82")
        }
        XCTAssertEqual(try KubernetesListDecoder.decode(list("managedFields")).namespaces.map(\.name), ["a"])
    }

    func testASyntaxErrorInASkippedValueIsStillAnError() {
        let data = Data(#"{"kind":"List","items":[{"kind":"Namespace","metadata":{"name":"a"},"status":{"x":[1,}}]}"#.utf8)
        XCTAssertThrowsError(try KubernetesListDecoder.decode(data)) { error in
            XCTAssertTrue("\(error)".hasPrefix("kubernetes.json: not valid JSON: "), "\(error)")
        }
    }
}
