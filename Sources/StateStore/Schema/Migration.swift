/// One schema change. Shipped migrations are never edited or reordered: a state file
/// records only how many it has applied (`PRAGMA user_version`), so history must stay fixed.
struct Migration: Sendable {
    /// 1-based; equals the `user_version` after the migration ran.
    var version: Int
    var name: String
    var sql: String
}

/// Failures of the schema check when a state file is opened.
public enum SchemaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file was written by a binary that knows more migrations than this one.
    case newerSchema(path: String, found: Int, known: Int)

    public var description: String {
        switch self {
        case .newerSchema(let path, let found, let known):
            "state file \(path) was written by a newer irsa-migrate (schema \(found), this binary knows \(known)); "
                + "upgrade irsa-migrate"
        }
    }
}

extension Database {
    /// The schema version recorded in the file.
    public func userVersion() throws -> Int {
        try query("PRAGMA user_version").first?.int(0) ?? 0
    }

    /// Brings the file up to the newest schema. Each migration and its `user_version` bump
    /// commit together (`user_version` is transactional), and the version is re-read under
    /// the write lock, so two processes opening the same new file do not both migrate it.
    func migrate(_ migrations: [Migration]) throws {
        let known = migrations.count
        for migration in migrations {
            try transaction {
                let current = try userVersion()
                guard current <= known else { throw SchemaError.newerSchema(path: path, found: current, known: known) }
                guard current < migration.version else { return }
                try execute(migration.sql)
                try execute("PRAGMA user_version = \(migration.version)")
            }
        }
        let final = try userVersion()
        guard final <= known else { throw SchemaError.newerSchema(path: path, found: final, known: known) }
        // Marks the file as irsa-migrate's (files of schema 1 from before this was set, too).
        if try query("PRAGMA application_id").first?.int(0) != Int(Schema.applicationID) {
            try transaction { try execute("PRAGMA application_id = \(Schema.applicationID)") }
        }
    }
}
