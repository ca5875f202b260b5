import Foundation
import XCTest

@testable import StateStore

final class DatabaseTests: XCTestCase {
    func testNewFileIsOwnerOnlyIncludingWAL() throws {
        let path = try makeStatePath()
        let database = try Database(path: path)
        try database.execute("CREATE TABLE t (x INTEGER) STRICT")
        try database.execute("INSERT INTO t VALUES (?)", [1])
        XCTAssertEqual(try fileMode(path), 0o600)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-wal"))
        XCTAssertEqual(try fileMode(path + "-wal"), 0o600)
        XCTAssertEqual(try fileMode(path + "-shm"), 0o600)
    }

    func testExistingReadableFileIsTightened() throws {
        let path = try makeStatePath()
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        _ = try Database(path: path)
        XCTAssertEqual(try fileMode(path), 0o600)
    }

    func testWALAndForeignKeysAreOn() throws {
        let database = try Database(path: try makeStatePath())
        XCTAssertEqual(try database.query("PRAGMA journal_mode").first?.text(0), "wal")
        XCTAssertEqual(try database.query("PRAGMA foreign_keys").first?.int(0), 1)
        XCTAssertEqual(try database.query("PRAGMA busy_timeout").first?.int(0), 5000)
    }

    func testOpenFailureNamesThePath() throws {
        let directory = try makeTemporaryDirectory()
        XCTAssertThrowsError(try Database(path: directory + "/missing/state.db")) { error in
            XCTAssertTrue("\(error)".contains("missing/state.db"), "\(error)")
        }
    }

    func testValuesRoundTrip() throws {
        let database = try Database(path: try makeStatePath())
        try database.execute("CREATE TABLE t (a ANY, b ANY, c ANY, d ANY, e ANY, f ANY) STRICT")
        let values: [DatabaseValue] = [
            .text("héllo \u{0}x"), .integer(Int64.max), .real(2.5), .null, .blob([0, 1, 255]), .text(""),
        ]
        try database.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", values)
        XCTAssertEqual(try database.query("SELECT a, b, c, d, e, f FROM t").first?.values, values)
        XCTAssertEqual(try database.query("SELECT length(CAST(a AS BLOB)) FROM t").first?.int(0), 9)
    }

    func testErrorCarriesExtendedCodeAndSQLButNotBoundValues() throws {
        let database = try Database(path: try makeStatePath())
        try database.execute("CREATE TABLE t (x TEXT PRIMARY KEY) STRICT")
        try database.execute("INSERT INTO t VALUES (?)", ["secret-value"])
        XCTAssertThrowsError(try database.execute("INSERT INTO t VALUES (?)", ["secret-value"])) { error in
            guard let error = error as? DatabaseError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.code, 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
            XCTAssertEqual(error.code & 0xFF, 19)  // SQLITE_CONSTRAINT
            XCTAssertEqual(error.sql, "INSERT INTO t VALUES (?)")
            XCTAssertTrue(error.description.contains("UNIQUE constraint failed: t.x"), error.description)
            XCTAssertTrue(error.description.contains("INSERT INTO t VALUES (?)"), error.description)
            XCTAssertFalse(error.description.contains("secret-value"), error.description)
        }
    }

    func testWrongNumberOfValuesIsAnError() throws {
        let database = try Database(path: try makeStatePath())
        XCTAssertThrowsError(try database.query("SELECT ?, ?", [1])) { error in
            XCTAssertTrue("\(error)".contains("takes 2 values, 1 given"), "\(error)")
        }
    }

    func testTransactionRollsBackAndRethrowsTheFirstError() throws {
        struct Boom: Error {}
        let database = try Database(path: try makeStatePath())
        try database.execute("CREATE TABLE t (x INTEGER) STRICT")
        XCTAssertThrowsError(
            try database.transaction {
                try database.execute("INSERT INTO t VALUES (1)")
                throw Boom()
            }
        ) { XCTAssertTrue($0 is Boom, "\($0)") }
        XCTAssertFalse(database.isInTransaction)
        XCTAssertEqual(try database.query("SELECT count(*) FROM t").first?.int(0), 0)

        XCTAssertThrowsError(
            try database.transaction {
                try database.execute("INSERT INTO t VALUES (2)")
                try database.execute("INSERT INTO nowhere VALUES (3)")
            }
        ) { XCTAssertTrue("\($0)".contains("no such table: nowhere"), "\($0)") }
        XCTAssertEqual(try database.query("SELECT count(*) FROM t").first?.int(0), 0)

        let value = try database.transaction {
            try database.execute("INSERT INTO t VALUES (4)")
            return 4
        }
        XCTAssertEqual(value, 4)
        XCTAssertEqual(try database.query("SELECT x FROM t").map { $0.int(0) }, [4])
    }

    func testTransactionTakesTheWriteLockUpFront() throws {
        let path = try makeStatePath()
        let first = try Database(path: path)
        let second = try Database(path: path, busyTimeout: .milliseconds(50))
        try first.execute("BEGIN IMMEDIATE")
        XCTAssertThrowsError(try second.transaction {}) { error in
            XCTAssertEqual((error as? DatabaseError).map { $0.code & 0xFF }, 5, "\(error)")  // SQLITE_BUSY
        }
        try first.execute("ROLLBACK")
        try second.transaction {}
    }
}
