import CSQLite

/// Tells SQLite to copy bound text and blobs before the bind call returns; `SQLITE_STATIC`
/// tells it the bytes stay valid until the statement is reset. The C macros are not imported
/// into Swift; global `let`s keep them Swift 6 safe.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
let SQLITE_STATIC: sqlite3_destructor_type? = nil

/// A prepared statement, finalized when released. Only its `Database` holds it, and resets
/// it after each call, so it never escapes the connection or keeps a read open.
final class Statement {
    private let handle: OpaquePointer
    private let database: OpaquePointer
    let sql: String

    init(database: OpaquePointer, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(database, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw DatabaseError(handle: database, sql: sql)
        }
        self.handle = statement
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `values`, runs `body` (the steps) while they are bound, then resets the
    /// statement. Text and blobs are bound where they are (`SQLITE_STATIC`), never copied: a
    /// plan body is tens of megabytes, and SQLite's copy of it was part of `plan`'s peak memory.
    /// Their bytes stay valid for SQLite only inside the closures that lend them, so the steps
    /// run there.
    func run<T>(_ values: [DatabaseValue], _ body: () throws -> T) throws -> T {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == values.count else {
            throw DatabaseError(
                code: SQLITE_RANGE, message: "statement takes \(expected) values, \(values.count) given", sql: sql)
        }
        defer { reset() }
        return try bind(values[...], body)
    }

    private func bind<T>(_ values: ArraySlice<DatabaseValue>, _ body: () throws -> T) throws -> T {
        guard let value = values.first else { return try body() }
        let index = Int32(values.startIndex + 1)
        let rest = values.dropFirst()
        func bound(_ code: Int32) throws {
            guard code == SQLITE_OK else { throw DatabaseError(handle: database, sql: sql) }
        }
        switch value {
        case .null: try bound(sqlite3_bind_null(handle, index))
        case .integer(let number): try bound(sqlite3_bind_int64(handle, index, number))
        case .real(let number): try bound(sqlite3_bind_double(handle, index, number))
        case .text(var text):
            // By byte count, so text with an embedded NUL is stored whole.
            return try text.withUTF8 { bytes in
                if let base = bytes.baseAddress {
                    let characters = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
                    try bound(sqlite3_bind_text(handle, index, characters, Int32(bytes.count), SQLITE_STATIC))
                } else {
                    // A nil pointer would bind NULL; an empty string must stay an empty string.
                    try bound(sqlite3_bind_text(handle, index, "", 0, SQLITE_TRANSIENT))
                }
                return try bind(rest, body)
            }
        case .blob(let bytes):
            return try bytes.withUnsafeBytes { raw in
                try bound(sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), SQLITE_STATIC))
                return try bind(rest, body)
            }
        }
        return try bind(rest, body)
    }

    /// Makes the statement ready to run again, with no values bound.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Advances to the next row; false when the statement is done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw DatabaseError(handle: database, sql: sql)
        }
    }

    /// The current row's columns.
    func row() -> Row {
        let count = sqlite3_column_count(handle)
        return Row(values: (0..<count).map(column))
    }

    private func column(_ index: Int32) -> DatabaseValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard count > 0, let text = sqlite3_column_text(handle, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard count > 0, let bytes = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }
}

/// One result row, read by column position.
public struct Row: Sendable, Equatable {
    public var values: [DatabaseValue]

    public subscript(index: Int) -> DatabaseValue {
        values.indices.contains(index) ? values[index] : .null
    }

    public func text(_ index: Int) -> String { self[index].textValue ?? "" }
    public func optionalText(_ index: Int) -> String? { self[index].textValue }
    /// A blob's bytes, or a text's UTF-8 bytes.
    public func bytes(_ index: Int) -> [UInt8] {
        switch self[index] {
        case .blob(let bytes): bytes
        case .text(let text): Array(text.utf8)
        default: []
        }
    }
    public func int(_ index: Int) -> Int { self[index].intValue ?? 0 }
}
