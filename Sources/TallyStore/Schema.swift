import GRDB
import TallyCore

/// The database schema, as migrations: only ever add a migration, never edit a shipped one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // Times are REAL seconds since 1970 (exact round trip of `Date`); days are `YYYY-MM-DD` text.
            try db.execute(sql: """
                CREATE TABLE agreement (
                    id            TEXT PRIMARY KEY,
                    first_seen    REAL NOT NULL,
                    -- canonical JSON of the zone and every quota/campaign filter the counters were built with
                    fingerprint   TEXT NOT NULL,
                    last_recorded REAL
                ) STRICT;

                CREATE TABLE delivery (
                    id           INTEGER PRIMARY KEY AUTOINCREMENT,
                    agreement    TEXT NOT NULL,
                    key          TEXT,
                    published    TEXT NOT NULL,
                    day          TEXT NOT NULL,
                    kind         TEXT NOT NULL,
                    language     TEXT NOT NULL,
                    outlet       TEXT,
                    title        TEXT,
                    url          TEXT,
                    tags         TEXT NOT NULL,
                    count        INTEGER NOT NULL CHECK (count BETWEEN 1 AND 10000),
                    external_id  TEXT,
                    recorded_at  REAL NOT NULL,
                    recorded_by  INTEGER NOT NULL,
                    voided_at    REAL,
                    voided_by    INTEGER,
                    void_reason  TEXT
                ) STRICT;
                -- a voided item releases its key
                CREATE UNIQUE INDEX delivery_live_key ON delivery(agreement, key) WHERE voided_at IS NULL;
                CREATE INDEX delivery_by_agreement ON delivery(agreement, id);

                -- per-day sums of non-void matching deliveries, kept in step with every write
                CREATE TABLE subject_day (
                    agreement    TEXT NOT NULL,
                    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('quota', 'campaign')),
                    subject_id   TEXT NOT NULL,
                    day          TEXT NOT NULL,
                    count        INTEGER NOT NULL,
                    PRIMARY KEY (agreement, subject_kind, subject_id, day)
                ) STRICT, WITHOUT ROWID;

                CREATE TABLE milestone_completion (
                    agreement  TEXT NOT NULL,
                    milestone  TEXT NOT NULL,
                    day        TEXT NOT NULL,
                    done_at    REAL NOT NULL,
                    done_by    INTEGER NOT NULL,
                    PRIMARY KEY (agreement, milestone)
                ) STRICT, WITHOUT ROWID;

                CREATE TABLE audit (
                    id          INTEGER PRIMARY KEY AUTOINCREMENT,
                    at          REAL NOT NULL,
                    uid         INTEGER NOT NULL,
                    agreement   TEXT NOT NULL,
                    action      TEXT NOT NULL,
                    delivery_id INTEGER,
                    detail      TEXT NOT NULL
                ) STRICT;
                CREATE INDEX audit_by_agreement ON audit(agreement, id);

                CREATE TABLE alert_state (
                    subject         TEXT PRIMARY KEY,
                    agreement       TEXT NOT NULL,
                    status          TEXT NOT NULL,
                    last_alert_at   REAL,
                    last_alert_type TEXT,
                    repeat_count    INTEGER NOT NULL DEFAULT 0,
                    detail          TEXT
                ) STRICT;
                CREATE INDEX alert_state_by_agreement ON alert_state(agreement);

                CREATE TABLE alert (
                    id              INTEGER PRIMARY KEY AUTOINCREMENT,
                    at              REAL NOT NULL,
                    type            TEXT NOT NULL,
                    priority        INTEGER NOT NULL,
                    agreement       TEXT NOT NULL,
                    quota           TEXT,
                    milestone       TEXT,
                    window_label    TEXT,
                    status          TEXT NOT NULL,
                    previous_status TEXT,
                    delivered       INTEGER,
                    target          INTEGER,
                    expected        REAL,
                    repeat          INTEGER NOT NULL DEFAULT 0,
                    message         TEXT NOT NULL
                ) STRICT;
                CREATE INDEX alert_by_agreement ON alert(agreement, id);

                CREATE TABLE window_outcome (
                    agreement    TEXT NOT NULL,
                    quota        TEXT NOT NULL,
                    window_label TEXT NOT NULL,
                    window_start TEXT NOT NULL,
                    window_end   TEXT NOT NULL,
                    target       INTEGER NOT NULL,
                    delivered    INTEGER NOT NULL,
                    outcome      TEXT NOT NULL CHECK (outcome IN ('MET', 'MISSED')),
                    closed_at    REAL NOT NULL,
                    updated_at   REAL NOT NULL,
                    PRIMARY KEY (agreement, quota, window_label)
                ) STRICT, WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2") { db in
            // Every pass asks, per quota, for the end of the last recorded window outcome; grouping the whole
            // window_outcome table for it took 110 ms at 400,000 outcomes. Triggers keep the answer in step
            // (without conflict clauses: an outer statement's conflict policy would override a trigger's).
            try db.execute(sql: """
                CREATE TABLE outcome_through (
                    agreement  TEXT NOT NULL,
                    quota      TEXT NOT NULL,
                    window_end TEXT NOT NULL,
                    PRIMARY KEY (agreement, quota)
                ) STRICT, WITHOUT ROWID;
                INSERT INTO outcome_through (agreement, quota, window_end)
                    SELECT agreement, quota, MAX(window_end) FROM window_outcome GROUP BY agreement, quota;

                CREATE TRIGGER outcome_through_insert AFTER INSERT ON window_outcome BEGIN
                \(Self.raise("NEW"))
                END;
                CREATE TRIGGER outcome_through_update AFTER UPDATE ON window_outcome BEGIN
                \(Self.recompute("OLD"))
                \(Self.raise("NEW"))
                END;
                CREATE TRIGGER outcome_through_delete AFTER DELETE ON window_outcome BEGIN
                \(Self.recompute("OLD"))
                END;
                """)
        }
        migrator.registerMigration("v3") { db in
            // SPEC §9's reminder ladder: a milestone-due-soon alert says how many days were left.
            try db.execute(sql: "ALTER TABLE alert ADD COLUMN days_left INTEGER")
        }
        migrator.registerMigration("v4") { db in
            // SPEC §10: each feed's fetch state, every item a feed listed (its key, first sighting and what became
            // of it: the inbox is the items still waiting), and the feed alerts' fields.
            try db.execute(sql: """
                CREATE TABLE feed (
                    agreement TEXT NOT NULL,
                    feed TEXT NOT NULL,
                    file_url TEXT NOT NULL,
                    moved_to TEXT,
                    health TEXT NOT NULL,
                    last_attempt REAL,
                    last_success REAL,
                    last_status INTEGER,
                    last_error TEXT,
                    next_attempt REAL,
                    failures INTEGER NOT NULL DEFAULT 0,
                    failing_since REAL,
                    etag TEXT,
                    last_modified TEXT,
                    PRIMARY KEY (agreement, feed)
                ) WITHOUT ROWID;

                CREATE TABLE feed_item (
                    id INTEGER PRIMARY KEY,
                    agreement TEXT NOT NULL,
                    feed TEXT NOT NULL,
                    key TEXT NOT NULL,
                    first_seen REAL NOT NULL,
                    -- The last fetch that listed it: an item that never counted is forgotten a week after it left
                    -- its feed (a feed may list thousands of new items a day).
                    last_listed REAL NOT NULL,
                    -- seen (listed, does not count), waiting, recorded, rejected, known (an existing delivery had it)
                    state TEXT NOT NULL,
                    published TEXT,
                    -- The delivery the item records, as the feed's settings made it when it was taken.
                    kind TEXT,
                    language TEXT,
                    outlet TEXT,
                    tags TEXT,
                    title TEXT,
                    url TEXT,
                    external_id TEXT,
                    matched TEXT,
                    delivery_id INTEGER,
                    decided_at REAL,
                    decided_by INTEGER,
                    reason TEXT,
                    UNIQUE (agreement, feed, key)
                );
                CREATE INDEX feed_item_by_key ON feed_item(agreement, key);
                CREATE INDEX feed_item_waiting ON feed_item(agreement, id) WHERE state = 'waiting';

                -- A feed item is the same article as a delivery recorded by hand with its URL, or with a form of it
                -- that normalizes to the item's (url_key: set only when it differs from url).
                ALTER TABLE delivery ADD COLUMN url_key TEXT;
                CREATE INDEX delivery_by_url ON delivery(agreement, url) WHERE voided_at IS NULL AND url IS NOT NULL;
                CREATE INDEX delivery_by_url_key ON delivery(agreement, url_key) WHERE voided_at IS NULL AND url_key IS NOT NULL;

                ALTER TABLE alert ADD COLUMN feed TEXT;
                ALTER TABLE alert ADD COLUMN url TEXT;
                ALTER TABLE alert ADD COLUMN error TEXT;
                """)
            // The keys of deliveries recorded before: only URLs that are not plain can differ from their key.
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, url FROM delivery WHERE url IS NOT NULL
                AND (url GLOB '*[A-Z?#% ]*' OR url GLOB '*://*:*' OR url NOT GLOB '*://*/*' OR url GLOB '*[^ -~]*')
                """)
            let update = try db.makeStatement(sql: "UPDATE delivery SET url_key = ? WHERE id = ?")
            for row in rows {
                let url: String = row["url"]
                if let key = FeedURL.key(of: url) { try update.execute(arguments: [key, row["id"] as Int64]) }
            }
        }
        migrator.registerMigration("v5") { db in
            // A pass rewrites the outcomes of the windows it re-evaluates, and their ends seldom move; v2's update
            // trigger recomputed the quota's latest end from all its outcomes at every one of them (a quarter of
            // an import's instructions, issue 15). Only an end that moved can change the latest.
            try db.execute(sql: """
                DROP TRIGGER outcome_through_update;
                CREATE TRIGGER outcome_through_update AFTER UPDATE OF agreement, quota, window_end ON window_outcome
                WHEN OLD.agreement IS NOT NEW.agreement OR OLD.quota IS NOT NEW.quota OR OLD.window_end IS NOT NEW.window_end
                BEGIN
                \(Self.recompute("OLD"))
                \(Self.raise("NEW"))
                END;
                """)
        }
        migrator.registerMigration("v6") { db in
            // SPEC §12. A signed record is its whole value as one JSON document (lines, totals and the terms it was
            // computed under), so no later change of the agreement's file alters it; the columns beside it are what
            // is looked up. Its item lines are also rows of settled_item, whose key makes "an item is never paid
            // twice" hold in the file itself. Records, settled items and payments are never changed or deleted.
            try db.execute(sql: """
                CREATE TABLE acceptance_record (
                    agreement    TEXT NOT NULL,
                    number       TEXT NOT NULL,
                    period       TEXT NOT NULL,
                    period_start TEXT NOT NULL,
                    period_end   TEXT NOT NULL,
                    date         TEXT NOT NULL,
                    signed_at    REAL NOT NULL,
                    signed_by    INTEGER NOT NULL,
                    document     TEXT NOT NULL,
                    PRIMARY KEY (agreement, number)
                ) STRICT;

                CREATE TABLE settled_item (
                    agreement     TEXT NOT NULL,
                    delivery_id   INTEGER NOT NULL REFERENCES delivery(id),
                    record_number TEXT NOT NULL,
                    paid_count    INTEGER NOT NULL CHECK (paid_count >= 0),
                    unit_price    INTEGER NOT NULL,
                    amount        INTEGER NOT NULL,
                    PRIMARY KEY (agreement, delivery_id),
                    FOREIGN KEY (agreement, record_number) REFERENCES acceptance_record(agreement, number)
                ) STRICT, WITHOUT ROWID;
                CREATE INDEX settled_item_by_record ON settled_item(agreement, record_number);

                CREATE TABLE payment (
                    id            INTEGER PRIMARY KEY AUTOINCREMENT,
                    agreement     TEXT NOT NULL,
                    amount        INTEGER NOT NULL CHECK (amount > 0),
                    date          TEXT NOT NULL,
                    reference     TEXT NOT NULL,
                    record_number TEXT,
                    recorded_at   REAL NOT NULL,
                    recorded_by   INTEGER NOT NULL,
                    FOREIGN KEY (agreement, record_number) REFERENCES acceptance_record(agreement, number)
                ) STRICT;
                CREATE INDEX payment_by_agreement ON payment(agreement, id);

                \(Self.unchangeable("acceptance_record", "a signed acceptance record is never changed"))
                \(Self.unchangeable("settled_item", "an item settled by a signed record stays settled by it"))
                \(Self.unchangeable("payment", "a recorded payment is never changed"))

                -- acceptance-due names its period (TALLY_PERIOD).
                ALTER TABLE alert ADD COLUMN period TEXT;
                """)
        }
        return migrator
    }

    /// Triggers that refuse every update and delete of `table`, with `reason` as the error.
    private static func unchangeable(_ table: String, _ reason: String) -> String {
        """
        CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table) BEGIN SELECT RAISE(ABORT, '\(reason)'); END;
        CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table) BEGIN SELECT RAISE(ABORT, '\(reason)'); END;
        """
    }

    /// Trigger statements keeping `outcome_through` of the (agreement, quota) of `row` (`NEW` or `OLD`).
    /// A new window end can only raise the latest (one lookup: a pass records thousands); a removed or
    /// moved one needs the latest recomputed from the quota's outcomes.
    private static func raise(_ row: String) -> String {
        """
        INSERT INTO outcome_through (agreement, quota, window_end)
            SELECT \(row).agreement, \(row).quota, \(row).window_end WHERE NOT EXISTS (
                SELECT 1 FROM outcome_through WHERE agreement = \(row).agreement AND quota = \(row).quota);
        UPDATE outcome_through SET window_end = \(row).window_end
            WHERE agreement = \(row).agreement AND quota = \(row).quota AND window_end < \(row).window_end;
        """
    }

    private static func recompute(_ row: String) -> String {
        """
        DELETE FROM outcome_through WHERE agreement = \(row).agreement AND quota = \(row).quota;
        INSERT INTO outcome_through (agreement, quota, window_end)
            SELECT agreement, quota, MAX(window_end) FROM window_outcome
            WHERE agreement = \(row).agreement AND quota = \(row).quota GROUP BY agreement, quota;
        """
    }
}
