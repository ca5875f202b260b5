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

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    public var description: String {
        let name = String(cString: sqlite3_errstr(code))
        var text = "SQLite error \(code) (\(name)): \(message)"
        if let sql {
            let oneLine = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " ")
            text += " in `\(oneLine.count > 200 ? oneLine.prefix(200) + "..." : oneLine)`"
        }
        return text
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
