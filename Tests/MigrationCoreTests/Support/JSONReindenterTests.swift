import XCTest

@testable import MigrationCore

final class JSONReindenterTests: XCTestCase {
    /// What the tree prints, for the reindenter to match byte for byte.
    private func tree(_ compact: String) throws -> String {
        try JSONValue(parsing: compact).serialized(.prettySorted)
    }

    func testMatchesTheTreeLayoutOfSortedCompactJSON() throws {
        let documents = [
            #"{"a":1,"b":[1,2.50,{"c":null,"d":true}],"e":{},"f":[],"g":"x/y","h":[[],{}]}"#,
            #"{"plan":{"id":"abc"},"steps":[{"payload":{"trust":{"Statement":[{"Effect":"Allow"}]}}}]}"#,
            #"[{"a":"b"},"c",-1e+30,false]"#,
            #""top""#,
            #"{"control":"\u001f","quote":"say \"hi\"\\now","slash":"\/","tab":"a\tb","unicode":"\u00e9\ud83d\ude00"}"#,
            #"{"ä":1,"é":2}"#,
        ]
        for document in documents {
            XCTAssertEqual(
                JSONReindenter.layOut(Array(document.utf8)).map { String(decoding: $0, as: UTF8.self) }, try tree(document),
                document)
        }
    }

    func testDeclinesWhatItCannotLayOutLikeTheTree() {
        // Keys out of byte order (the tree sorts them), an escaped key, whitespace, unbalanced text.
        for document in [#"{"b":1,"a":2}"#, #"{"a":1,"a":2}"#, #"{"\u0061":1}"#, #"{"a": 1}"#, #"{"a":[1}"#, #"[1"#] {
            XCTAssertNil(JSONReindenter.layOut(Array(document.utf8)).map { String(decoding: $0, as: UTF8.self) }, document)
        }
    }
}
