/// The state file's schema, as an append-only list of migrations.
enum Schema {
    /// `PRAGMA application_id` of an irsa-migrate state file ("IRSA" in ASCII), so that
    /// another program's SQLite file is told apart before anything is written to it.
    static let applicationID: Int32 = 0x4952_5341

    /// The tables of schema 1: a file from before `application_id` was set is recognised by them.
    static let tables: Set<String> = ["plans", "steps", "events"]

    /// Checks, by reading only, that `database` is an irsa-migrate state file this binary
    /// can use. Returns true when it is brand new (no tables, no version), to be migrated.
    static func identify(_ database: Database, known: Int) throws -> Bool {
        let applicationID = try database.query("PRAGMA application_id").first?.int(0) ?? 0
        let version = try database.userVersion()
        let tables = Set(
            try database.query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").map {
                $0.text(0)
            })
        let path = database.path
        if applicationID == Int(Self.applicationID) {
            guard version <= known else { throw SchemaError.newerSchema(path: path, found: version, known: known) }
            return version == 0 && tables.isEmpty
        }
        guard applicationID == 0 else {
            throw StateFileError.notAStateFile(
                path: path, reason: "an SQLite database of another program, application_id \(applicationID)")
        }
        if version == 0 && tables.isEmpty { return true }
        guard version > 0 else {
            throw StateFileError.notAStateFile(
                path: path,
                reason:
                    "an SQLite database with tables (\(tables.sorted().prefix(3).joined(separator: ", "))) but no irsa-migrate schema version"
            )
        }
        guard tables.isSuperset(of: Self.tables) else {
            throw StateFileError.notAStateFile(
                path: path, reason: "an SQLite database of schema version \(version) without the plans, steps and events tables")
        }
        guard version <= known else { throw SchemaError.newerSchema(path: path, found: version, known: known) }
        return false
    }

    static let migrations: [Migration] = [
        Migration(version: 1, name: "plans, steps and events", sql: version1),
        Migration(version: 2, name: "step payloads only in the plan body", sql: version2),
        Migration(version: 3, name: "the external step status", sql: version3),
        Migration(version: 4, name: "the plan heading beside the body", sql: version4),
        Migration(version: 5, name: "steps keyed by plan and id alone", sql: version5),
        Migration(version: 6, name: "the plan body as a blob", sql: version6),
    ]

    /// The body becomes a blob without `json_valid`, so that it is written page by page
    /// (`Database.writeBlob`): bound as text, SQLite copied tens of megabytes into the row's
    /// record and parsed them again for the check, twice the body's size and more at the
    /// peak of `plan`. Reading parses the body anyway, and a body that does not parse is
    /// refused there. `plans` is made again (SQLite cannot drop a CHECK) with the foreign
    /// keys of `steps` and `events` checked at the commit, as version 3 did for `steps`.
    private static let version6 = """
        PRAGMA defer_foreign_keys = ON;
        CREATE TEMP TABLE plans_v5 AS SELECT * FROM plans;
        DROP TABLE plans;
        CREATE TABLE plans (
            id           TEXT PRIMARY KEY NOT NULL,
            kind         TEXT NOT NULL,
            options      TEXT NOT NULL CHECK (json_valid(options)),
            input_digest TEXT NOT NULL,
            body         BLOB NOT NULL,
            tool_version TEXT NOT NULL,
            created_at   TEXT NOT NULL,
            heading      TEXT CHECK (heading IS NULL OR json_valid(heading))
        ) STRICT;
        CREATE INDEX plans_by_created_at ON plans (created_at);
        INSERT INTO plans (id, kind, options, input_digest, body, tool_version, created_at, heading)
            SELECT id, kind, options, input_digest, CAST(body AS BLOB), tool_version, created_at, heading FROM plans_v5;
        DROP TABLE plans_v5;
        """

    /// `steps` is looked up by its primary key only, so it becomes that key's own table
    /// (`WITHOUT ROWID`) instead of a table plus an index repeating every plan id and step
    /// id: a tenth of the state file of a large plan. Made again as version 3 made it.
    private static let version5 = """
        PRAGMA defer_foreign_keys = ON;
        CREATE TEMP TABLE steps_v4 AS SELECT * FROM steps;
        DROP TABLE steps;
        CREATE TABLE steps (
            plan_id     TEXT NOT NULL REFERENCES plans (id),
            position    INTEGER NOT NULL,
            id          TEXT NOT NULL,
            phase       TEXT NOT NULL,
            action      TEXT NOT NULL,
            target      TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'applying', 'applied', 'failed', 'reverting', 'reverted', 'external')),
            attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            last_error  TEXT,
            "before"    TEXT CHECK ("before" IS NULL OR json_valid("before")),
            "after"     TEXT CHECK ("after" IS NULL OR json_valid("after")),
            started_at  TEXT,
            finished_at TEXT,
            PRIMARY KEY (plan_id, id)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO steps SELECT * FROM steps_v4;
        DROP TABLE steps_v4;
        """

    /// `status` shows a plan's header and summary above its step rows; reading them out of
    /// a body of tens of megabytes cost it most of its time, so they get their own column.
    private static let version4 = """
        ALTER TABLE plans ADD COLUMN heading TEXT CHECK (heading IS NULL OR json_valid(heading));
        UPDATE plans SET heading = json_object('plan', json_extract(body, '$.plan'), 'summary', json_extract(body, '$.summary'));
        """

    /// SQLite cannot alter a CHECK constraint, so `steps` is made again with one that allows
    /// `external`. The foreign-key check of the events is deferred to the commit: dropping
    /// `steps` counts each event's step as missing, and inserting the steps again (into the
    /// table of the same name) counts them found, so the commit sees every event's step.
    private static let version3 = """
        PRAGMA defer_foreign_keys = ON;
        CREATE TEMP TABLE steps_v2 AS SELECT * FROM steps;
        DROP TABLE steps;
        CREATE TABLE steps (
            plan_id     TEXT NOT NULL REFERENCES plans (id),
            position    INTEGER NOT NULL,
            id          TEXT NOT NULL,
            phase       TEXT NOT NULL,
            action      TEXT NOT NULL,
            target      TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'applying', 'applied', 'failed', 'reverting', 'reverted', 'external')),
            attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            last_error  TEXT,
            "before"    TEXT CHECK ("before" IS NULL OR json_valid("before")),
            "after"     TEXT CHECK ("after" IS NULL OR json_valid("after")),
            started_at  TEXT,
            finished_at TEXT,
            PRIMARY KEY (plan_id, id)
        ) STRICT;
        INSERT INTO steps (plan_id, position, id, phase, action, target, fingerprint, status, attempts, last_error,
                           "before", "after", started_at, finished_at)
            SELECT plan_id, position, id, phase, action, target, fingerprint, status, attempts, last_error,
                   "before", "after", started_at, finished_at FROM steps_v2;
        DROP TABLE steps_v2;
        """

    /// The plan body holds every step's payloads, so the copies in `steps` go; a file of
    /// version 1 keeps its plans, whose bodies already carry the same payloads.
    private static let version2 = """
        ALTER TABLE steps DROP COLUMN forward;
        ALTER TABLE steps DROP COLUMN inverse;
        """

    private static let version1 = """
        CREATE TABLE plans (
            id           TEXT PRIMARY KEY NOT NULL,
            kind         TEXT NOT NULL,
            options      TEXT NOT NULL CHECK (json_valid(options)),
            input_digest TEXT NOT NULL,
            body         TEXT NOT NULL CHECK (json_valid(body)),
            tool_version TEXT NOT NULL,
            created_at   TEXT NOT NULL
        ) STRICT;
        CREATE INDEX plans_by_created_at ON plans (created_at);

        CREATE TABLE steps (
            plan_id     TEXT NOT NULL REFERENCES plans (id),
            position    INTEGER NOT NULL,
            id          TEXT NOT NULL,
            phase       TEXT NOT NULL,
            action      TEXT NOT NULL,
            target      TEXT NOT NULL,
            forward     TEXT NOT NULL CHECK (json_valid(forward)),
            inverse     TEXT NOT NULL CHECK (json_valid(inverse)),
            fingerprint TEXT NOT NULL,
            status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'applying', 'applied', 'failed', 'reverting', 'reverted')),
            attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            last_error  TEXT,
            "before"    TEXT CHECK ("before" IS NULL OR json_valid("before")),
            "after"     TEXT CHECK ("after" IS NULL OR json_valid("after")),
            started_at  TEXT,
            finished_at TEXT,
            PRIMARY KEY (plan_id, id)
        ) STRICT;

        CREATE TABLE events (
            seq     INTEGER PRIMARY KEY AUTOINCREMENT,
            at      TEXT NOT NULL,
            plan_id TEXT NOT NULL REFERENCES plans (id),
            step_id TEXT,
            kind    TEXT NOT NULL,
            detail  TEXT NOT NULL CHECK (json_valid(detail)),
            FOREIGN KEY (plan_id, step_id) REFERENCES steps (plan_id, id)
        ) STRICT;
        CREATE INDEX events_by_plan ON events (plan_id, seq);
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        """
}
