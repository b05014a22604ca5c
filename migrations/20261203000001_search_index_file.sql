-- The search index moves out of the database into a file of its own beside it (migrations/search/), kept
-- up to date from the backlog below. An import then writes its leads and, on another thread, the index
-- writes their words: SQLite lets one writer at a time into a file, so an index inside the database made
-- every import wait for it.
--
-- The backlog is written in the transaction that changes the leads, so the index can always catch up,
-- even after a crash: a range of new lead ids per insert, and per edit or deletion of a lead's searched
-- words the lead's id and the words it had (the index keeps no copy of them, and needs them to remove
-- the lead's entry). The index file records the last backlog entry it has applied, in the same
-- transaction as the entries themselves.
DROP TRIGGER leads_fts_delete;
DROP TRIGGER leads_fts_update;
DROP TABLE leads_fts;

-- Names this database to its index file: a file left behind by another database of the same path is
-- rebuilt instead of trusted.
CREATE TABLE search_state (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    identity  TEXT NOT NULL
);
INSERT INTO search_state (id, identity) VALUES (1, lower(hex(randomblob(16))));

CREATE TABLE search_backlog (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    kind      TEXT NOT NULL CHECK (kind IN ('new', 'changed')),
    first_id  INTEGER NOT NULL,
    last_id   INTEGER NOT NULL,
    old_words TEXT
);
-- A pass looks up, for each changed lead, its earlier changes, and the new ranges before them.
CREATE INDEX search_backlog_changes ON search_backlog (first_id, seq) WHERE kind = 'changed';
CREATE INDEX search_backlog_ranges ON search_backlog (seq) WHERE kind = 'new';

CREATE TRIGGER leads_search_delete AFTER DELETE ON leads BEGIN
    INSERT INTO search_backlog (kind, first_id, last_id, old_words)
    VALUES ('changed', old.id, old.id, concat_ws(' ', old.email, old.first_name, old.last_name, old.company, old.title));
END;

CREATE TRIGGER leads_search_update AFTER UPDATE OF email, first_name, last_name, company, title ON leads BEGIN
    INSERT INTO search_backlog (kind, first_id, last_id, old_words)
    VALUES ('changed', old.id, old.id, concat_ws(' ', old.email, old.first_name, old.last_name, old.company, old.title));
END;
