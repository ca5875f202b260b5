import Foundation
import XCTest

extension XCTestCase {
    /// A fresh directory for this test only (so tests can run in parallel), removed after it.
    func makeTemporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("StateStoreTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// A state file path in a fresh directory; the file itself does not exist yet.
    func makeStatePath() throws -> String {
        try makeTemporaryDirectory() + "/state.db"
    }

    /// Permission bits of a file.
    func fileMode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}
