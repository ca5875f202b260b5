/// The state file's schema, as an append-only list of migrations.
enum Schema {
    static let migrations: [Migration] = [
        Migration(version: 1, name: "plans, steps and events", sql: version1),
        Migration(version: 2, name: "step payloads only in the plan body", sql: version2),
    ]

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
