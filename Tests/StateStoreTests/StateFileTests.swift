import Foundation
import MigrationCore
import XCTest

@testable import StateStore

/// What `--state` may name, and what happens when the file is pulled away mid-run.
final class StateFileTests: XCTestCase {
    /// Bytes and mode of a file, to show a refused file was not touched.
    private func fingerprint(_ path: String) throws -> (Data, Int) {
        (try Data(contentsOf: URL(fileURLWithPath: path)), try fileMode(path))
    }

    /// Another program's database: a table, rollback journal, mode 0644.
    private func foreignDatabase(_ path: String, userVersion: Int = 0, applicationID: Int = 0) throws {
        do {
            let database = try Database(path: path)
            try database.execute("PRAGMA journal_mode=DELETE")
            try database.execute("CREATE TABLE plans (x INTEGER)")
            try database.execute("PRAGMA user_version = \(userVersion)")
            try database.execute("PRAGMA application_id = \(applicationID)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    }

    private func assertRefusedUntouched(
        _ path: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let before = try fingerprint(path)
        for readOnly in [true, false] {
            XCTAssertThrowsError(try SQLitePlanStore(path: path, readOnly: readOnly), file: file, line: line) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains(expected) && text.contains(path), text, file: file, line: line)
                XCTAssertFalse(text.contains("\n"), file: file, line: line)
            }
        }
        let after = try fingerprint(path)
        XCTAssertEqual(before.0, after.0, "contents untouched", file: file, line: line)
        XCTAssertEqual(before.1, after.1, "mode untouched", file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-wal"), file: file, line: line)
    }

    func testAnotherProgramsDatabaseIsRefusedUntouched() throws {
        let path = try makeStatePath()
        try foreignDatabase(path, userVersion: 3, applicationID: 77)
        try assertRefusedUntouched(path, "another program, application_id 77")
    }

    func testVersionZeroWithTablesIsRefusedClearly() throws {
        let path = try makeStatePath()
        try foreignDatabase(path)
        try assertRefusedUntouched(path, "with tables (plans) but no irsa-migrate schema version")
    }

    func testATextFileIsRefusedUntouched() throws {
        let path = try makeStatePath()
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try assertRefusedUntouched(path, "not an SQLite database")
    }

    func testDirectoryFIFOAndBrokenSymlinksAreNamed() throws {
        let directory = try makeTemporaryDirectory()
        let fifo = directory + "/fifo"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let dangling = directory + "/dangling"
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: directory + "/nothing")
        let loop = directory + "/loop"
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        for (path, reason) in [
            (directory, "a directory"), (fifo, "a FIFO"), (dangling, "dangling"), (loop, "a loop"), ("/dev/zero", "a device"),
        ] {
            XCTAssertThrowsError(try SQLitePlanStore(path: path)) { error in
                XCTAssertTrue("\(error)".contains(reason), "\(error)")
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/nothing"), "nothing created through the link")
    }

    func testANewerSchemaIsAClearError() throws {
        let path = try makeStatePath()
        _ = try SQLitePlanStore(path: path)
        try Database(path: path).execute("PRAGMA user_version = 99")
        for readOnly in [true, false] {
            XCTAssertThrowsError(try SQLitePlanStore(path: path, readOnly: readOnly)) { error in
                XCTAssertEqual(error as? SchemaError, .newerSchema(path: path, found: 99, known: SQLitePlanStore.schemaVersion))
            }
        }
    }

    func testReadingNeverWrites() throws {
        let path = try makeStatePath()
        try SQLitePlanStore(path: path).save(PlanFixtures.plan(), toolVersion: "test")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        let before = try fingerprint(path)
        let store = try SQLitePlanStore(path: path, readOnly: true)
        XCTAssertEqual(try store.plans().count, 1)
        XCTAssertThrowsError(try store.appendEvent(planID: "3f2a9c0d1e", stepID: nil, kind: "x", detail: .null, at: "T"))
        let after = try fingerprint(path)
        XCTAssertEqual(before.0, after.0)
        XCTAssertEqual(after.1, 0o444, "a read command never chmods")
    }

    func testReadingAnEmptyFileSaysToPlanFirst() throws {
        let path = try makeStatePath()
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        XCTAssertThrowsError(try SQLitePlanStore(path: path, readOnly: true)) { error in
            XCTAssertEqual(error as? StateFileError, .empty(path: path))
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)).count, 0)
    }

    func testAFileFromBeforeTheMarkOpensAndIsMarked() throws {
        let path = try makeStatePath()
        try SQLitePlanStore(path: path).save(PlanFixtures.plan(), toolVersion: "test")
        try Database(path: path).execute("PRAGMA application_id = 0")
        XCTAssertEqual(try SQLitePlanStore(path: path, readOnly: true).plans().count, 1)
        _ = try SQLitePlanStore(path: path)
        XCTAssertEqual(try Database(path: path).query("PRAGMA application_id").first?.int(0), Int(Schema.applicationID))
    }

    func testAStateFileDeletedWhileRunningStopsTheNextWriteAndKeepsTheRecords() throws {
        let path = try makeStatePath()
        let store = try SQLitePlanStore(path: path)
        try store.save(PlanFixtures.plan(), toolVersion: "test")
        try store.markApplying(planID: "3f2a9c0d1e", stepID: "add-trust-statements:\(PlanFixtures.roleARN)", at: "T1")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        XCTAssertThrowsError(
            try store.markApplied(
                planID: "3f2a9c0d1e", stepID: "add-trust-statements:\(PlanFixtures.roleARN)", before: nil, after: nil,
                at: "T2")
        ) { error in
            XCTAssertEqual(error as? StateFileError, .replaced(path: path, savedTo: path + ".recovered"))
            XCTAssertFalse("\(error)".contains("\n"))
        }
        let saved = try SQLitePlanStore(path: path + ".recovered", readOnly: true)
        let steps = try saved.steps(planID: "3f2a9c0d1e")
        XCTAssertEqual(steps.first?.status, .applying, "what was recorded before the file went is kept")
    }

    func testSQLiteErrorsNameTheFileAndDiskFullSaysWhatToDo() throws {
        let path = try makeStatePath()
        let database = try Database(path: path)
        try database.execute("CREATE TABLE t (x TEXT)")
        let pages = try database.query("PRAGMA page_count").first?.int(0) ?? 2
        try database.execute("PRAGMA max_page_count = \(pages)")
        XCTAssertThrowsError(
            try database.execute("INSERT INTO t VALUES (?)", [.text(String(repeating: "x", count: 100_000))])
        ) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(path), text)
            XCTAssertTrue(text.contains("the disk is full"), text)
        }
    }
}
