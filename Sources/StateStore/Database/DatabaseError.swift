import CSQLite
import Foundation

/// An SQLite failure: the extended result code, SQLite's message and the statement that
/// failed. Bound values are never included, so an error can be logged without leaking
/// whatever was being written.
public struct DatabaseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Extended result code, e.g. 2067 (`SQLITE_CONSTRAINT_UNIQUE`).
    public var code: Int32
    public var message: String
    /// The SQL text that failed, if the failure came from a statement.
    public var sql: String?
    /// The database file, so the message names it.
    public var path: String?

    public init(code: Int32, message: String, sql: String? = nil, path: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// The primary result code (the low byte of the extended one), e.g. `SQLITE_CONSTRAINT`.
    public var primaryCode: Int32 { code & 0xFF }

    public var description: String {
        let name = String(cString: sqlite3_errstr(code))
        var text = "SQLite error \(code) (\(name))" + (path.map { " on \($0)" } ?? "") + ": \(message)"
        if let sql {
            let oneLine = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " ")
            text += " in `\(oneLine.count > 200 ? oneLine.prefix(200) + "..." : oneLine)`"
        }
        if let hint { text += "; \(hint)" }
        return text
    }

    /// What to do about the failures a user can cause or fix.
    var hint: String? {
        switch primaryCode {
        case SQLITE_FULL: "the disk is full: free space on the file system of the state file, then run the command again"
        case SQLITE_READONLY: "the state file or its directory is read-only: make both writable, or use another --state"
        case SQLITE_IOERR:
            "the state file could not be read or written (a full disk, or a failing device): free space on its file system or check the device, then run the command again"
        case SQLITE_NOTADB, SQLITE_CORRUPT: "the state file is damaged: restore it from a backup"
        case SQLITE_BUSY: "another program holds the state file: wait for it to finish"
        case SQLITE_CANTOPEN:
            "check that the directory of the state file exists and that you may write there, or use another --state"
        default: nil
        }
    }
}

extension DatabaseError {
    /// The last error on `handle`, for the statement `sql`.
    init(handle: OpaquePointer?, sql: String?) {
        let code = handle.map { sqlite3_extended_errcode($0) } ?? SQLITE_NOMEM
        let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "out of memory"
        self.init(code: code, message: message, sql: sql)
    }
}
