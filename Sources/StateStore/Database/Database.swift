import CSQLite
import Foundation

/// One SQLite connection to a state file: WAL journal, foreign keys on, a busy timeout, and
/// the file created owner-only (0600) because it records role ARNs and cluster layout.
///
/// Not `Sendable`: one owner uses it at a time (`SQLitePlanStore` serialises calls with a lock).
public final class Database {
    public let path: String
    private let handle: OpaquePointer

    /// Opens (creating if needed) the database at `path`.
    /// - Parameter busyTimeout: how long a write waits for another connection's lock.
    public init(path: String, busyTimeout: Duration = .seconds(5)) throws {
        try Self.createOwnerOnly(path: path)
        var connection: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let error = DatabaseError(handle: connection, sql: nil)
            // SQLite allocates a handle even when opening fails; it must still be closed.
            sqlite3_close_v2(connection)
            throw DatabaseError(code: error.code, message: "cannot open \(path): \(error.message)")
        }
        self.path = path
        self.handle = connection
        sqlite3_extended_result_codes(connection, 1)
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(connection, Int32(clamping: milliseconds))
        try configure()
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    private func configure() throws {
        let mode = try query("PRAGMA journal_mode=WAL").first?.text(0)
        guard mode?.lowercased() == "wal" else {
            throw DatabaseError(code: SQLITE_ERROR, message: "cannot enable WAL on \(path) (journal mode \(mode ?? "?"))")
        }
        try execute("PRAGMA foreign_keys=ON")
        try execute("PRAGMA synchronous=NORMAL")
    }

    /// Creates the file with mode 0600 before SQLite sees it (SQLite would use 0644 minus
    /// the umask), tightens an existing file that others can read, and checks the result.
    /// SQLite gives the `-wal` and `-shm` files the same mode as the database.
    private static func createOwnerOnly(path: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw fileError("cannot create", path) }
        defer { close(descriptor) }
        guard let mode = fileMode(descriptor) else { throw fileError("cannot stat", path) }
        if mode & 0o077 != 0 {
            guard fchmod(descriptor, 0o600) == 0 else { throw fileError("cannot make owner-only", path) }
        }
        guard let final = fileMode(descriptor), final & 0o077 == 0 else {
            throw DatabaseError(code: SQLITE_PERM, message: "\(path) is still readable by others after chmod 0600")
        }
    }

    private static func fileMode(_ descriptor: Int32) -> mode_t? {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? info.st_mode & 0o7777 : nil
    }

    private static func fileError(_ what: String, _ path: String) -> DatabaseError {
        DatabaseError(code: SQLITE_CANTOPEN, message: "\(what) \(path): \(String(cString: strerror(errno)))")
    }

    /// Runs SQL that returns no rows; `sql` may hold several statements when `values` is empty.
    public func execute(_ sql: String, _ values: [DatabaseValue] = []) throws {
        if values.isEmpty {
            guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else {
                throw DatabaseError(handle: handle, sql: sql)
            }
            return
        }
        let statement = try Statement(database: handle, sql: sql)
        try statement.bind(values)
        while try statement.step() {}
    }

    /// Runs one statement and returns all its rows.
    public func query(_ sql: String, _ values: [DatabaseValue] = []) throws -> [Row] {
        let statement = try Statement(database: handle, sql: sql)
        try statement.bind(values)
        var rows: [Row] = []
        while try statement.step() { rows.append(statement.row()) }
        return rows
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` inside `BEGIN IMMEDIATE` (the write lock is taken up front, so two writers
    /// never deadlock upgrading read locks). Commits on success; on any error rolls back and
    /// rethrows that first error, not a failure of the rollback itself.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }
}
