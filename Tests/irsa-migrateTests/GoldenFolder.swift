import Foundation
import TestSupport
import XCTest

/// The golden cases under one folder of Tests/Golden: each case is a folder with an `args`
/// file, and its outputs are compared with the files beside it. `IRSA_MIGRATE_RECORD=1`
/// rewrites those files instead, and `finish` then fails, so a new baseline is always seen.
struct GoldenFolder {
    static let recording = ProcessInfo.processInfo.environment["IRSA_MIGRATE_RECORD"] == "1"
    let root: URL

    init(_ path: String) {
        root = TestPaths.repository.appendingPathComponent("Tests/Golden/\(path)")
    }

    /// The case folders, sorted by name.
    func cases() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: root.path).sorted().map(root.appendingPathComponent)
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("args").path) }
    }

    /// The words of the case's `args`, `{case}` standing for the case folder's path.
    static func arguments(of folder: URL) throws -> [String] {
        try String(contentsOf: folder.appendingPathComponent("args"), encoding: .utf8)
            .split(whereSeparator: \.isWhitespace).map { $0.replacingOccurrences(of: "{case}", with: folder.path) }
    }

    static func compare(_ actual: String, with file: URL, case name: String) throws {
        if recording {
            try Data(actual.utf8).write(to: file)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            return XCTFail("\(name): no \(file.lastPathComponent) yet; record it with IRSA_MIGRATE_RECORD=1")
        }
        XCTAssertEqual(
            actual, expected, "\(name): \(file.lastPathComponent) differs; if intended, re-record with IRSA_MIGRATE_RECORD=1")
    }

    static func finish(_ what: String) {
        XCTAssertFalse(recording, "recorded \(what): review them with git diff, then run without IRSA_MIGRATE_RECORD")
    }
}
