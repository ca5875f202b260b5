import CSQLite
import Foundation

/// One SQLite connection to a state file: WAL journal, foreign keys on, a busy timeout, and
/// the file created owner-only (0600) because it records role ARNs and cluster layout.
///
/// Not `Sendable`: one owner uses it at a time (`SQLitePlanStore` serialises calls with a lock).
public final class Database {
    public let path: String
    private let handle: OpaquePointer
    /// Statements prepared once per connection and SQL text: a plan of 30,000 steps inserts
    /// them with one statement instead of compiling the same SQL 30,000 times.
    private var prepared: [String: Statement] = [:]

    /// Opens (creating if needed) the database at `path`.
    ///
    /// A path that is not a regular SQLite file (a directory, a FIFO, a device, a text file)
    /// is refused before anything touches it. `identify` runs on the open connection before
    /// anything is written (no chmod, no WAL), so a caller can refuse another program's
    /// database untouched. `readOnly` never creates, chmods, switches to WAL or writes.
    /// - Parameter busyTimeout: how long a write waits for another connection's lock.
    public init(
        path: String, readOnly: Bool = false, busyTimeout: Duration = .seconds(5),
        identify: ((Database) throws -> Void)? = nil
    ) throws {
        switch try StateFileKind.inspect(path) {
        case .other(let reason): throw StateFileError.notAStateFile(path: path, reason: reason)
        case .missing where readOnly: throw StateFileError.unreadable(path: path, reason: "no such file")
        case .missing: try Self.createOwnerOnly(path: path)
        case .empty, .sqlite: break
        }
        self.path = path
        self.handle = try Self.connect(path, readOnly: readOnly)
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        try identify?(self)
        if !readOnly {
            try Self.createOwnerOnly(path: path)
            try configure()
        }
    }

    /// A connection, read-only as a `file:` URI with `mode=ro`. A WAL file in a directory
    /// the reader cannot write has no `-shm` to share: it is then read as `immutable`.
    private static func connect(_ path: String, readOnly: Bool) throws -> OpaquePointer {
        let escaped = path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3f")
            .replacingOccurrences(of: "#", with: "%23")
        let attempts =
            readOnly ? ["file:\(escaped)?mode=ro", "file:\(escaped)?mode=ro&immutable=1"] : [path]
        var lastError = DatabaseError(code: SQLITE_CANTOPEN, message: "cannot open \(path)")
        for name in attempts {
            var connection: OpaquePointer?
            let flags = (readOnly ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_FULLMUTEX
            let code = sqlite3_open_v2(name, &connection, flags, nil)
            if code == SQLITE_OK, let connection {
                sqlite3_extended_result_codes(connection, 1)
                // Reading the schema is what fails for a WAL file whose -shm cannot be made.
                if !readOnly || sqlite3_exec(connection, "SELECT count(*) FROM sqlite_schema", nil, nil, nil) == SQLITE_OK {
                    return connection
                }
            }
            let error = DatabaseError(handle: connection, sql: nil)
            lastError = DatabaseError(code: error.code, message: "cannot open \(path): \(error.message)", path: path)
            // SQLite allocates a handle even when opening fails; it must still be closed.
            sqlite3_close_v2(connection)
        }
        throw lastError
    }

    deinit {
        prepared.removeAll()
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

    /// The failure with the SQLite code that carries its advice: a read-only file system or
    /// a denied write reads as `SQLITE_READONLY`, a full disk as `SQLITE_FULL`.
    private static func fileError(_ what: String, _ path: String) -> DatabaseError {
        let number = errno
        let code: Int32
        switch number {
        case EROFS, EACCES, EPERM: code = SQLITE_READONLY
        case ENOSPC, EDQUOT: code = SQLITE_FULL
        default: code = SQLITE_CANTOPEN
        }
        return DatabaseError(code: code, message: "\(what) \(path): \(String(cString: strerror(number)))", path: path)
    }

    /// Runs SQL that returns no rows; `sql` may hold several statements when `values` is empty.
    public func execute(_ sql: String, _ values: [DatabaseValue] = []) throws {
        try namingFile { try run(sql, values) }
    }

    private func run(_ sql: String, _ values: [DatabaseValue]) throws {
        if values.isEmpty {
            guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else {
                throw DatabaseError(handle: handle, sql: sql)
            }
            return
        }
        let statement = try statement(for: sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() {}
    }

    /// Runs one statement and returns all its rows.
    public func query(_ sql: String, _ values: [DatabaseValue] = []) throws -> [Row] {
        try namingFile { try rows(sql, values) }
    }

    private func rows(_ sql: String, _ values: [DatabaseValue]) throws -> [Row] {
        let statement = try statement(for: sql)
        defer { statement.reset() }
        try statement.bind(values)
        var rows: [Row] = []
        while try statement.step() { rows.append(statement.row()) }
        return rows
    }

    private func statement(for sql: String) throws -> Statement {
        if let statement = prepared[sql] { return statement }
        let statement = try Statement(database: handle, sql: sql)
        prepared[sql] = statement
        return statement
    }

    /// SQLite's errors name the file they are about.
    private func namingFile<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as DatabaseError {
            error.path = error.path ?? path
            throw error
        }
    }

    /// Writes a consistent copy of the open database to a new file (`VACUUM INTO`), which
    /// works even when the file this connection opened has been deleted since.
    public func copy(to destination: String) throws {
        try execute("VACUUM INTO ?", [.text(destination)])
    }

    /// The rowid of the last row this connection inserted.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Writes `bytes` into the blob in `column` of row `rowID` of `table`, inserted as
    /// `zeroblob(bytes.count)`. SQLite writes them page by page; bound to the INSERT, a plan
    /// body of tens of megabytes was first copied whole into the row's record.
    public func writeBlob(_ bytes: [UInt8], table: String, column: String, rowID: Int64) throws {
        try namingFile {
            var blob: OpaquePointer?
            guard sqlite3_blob_open(handle, "main", table, column, rowID, 1, &blob) == SQLITE_OK, let blob else {
                throw DatabaseError(handle: handle, sql: nil)
            }
            defer { sqlite3_blob_close(blob) }
            let code = bytes.withUnsafeBytes { sqlite3_blob_write(blob, $0.baseAddress, Int32($0.count), 0) }
            guard code == SQLITE_OK else { throw DatabaseError(handle: handle, sql: nil) }
        }
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
