-- Every index and constraint on `leads` is paid for on each of the millions of rows an import writes.
--
-- 1. A CHECK of the form `x IN (...)` makes SQLite build a temporary b-tree of the list for every row it
--    checks: a third of the cost of writing a lead. The same check spelled as a chain of ORs costs a
--    comparison or two.
-- 2. Every imported lead is 'new', so the status index only keeps leads that have moved on; a lead list
--    filtered to other statuses names `status <> 'new'` and uses it, the many new leads are found by scan.
-- 3. An import's leads are written in one run of ids, kept on the import (`first_lead_id` .. `last_lead_id`),
--    so listing them is a range read of the table and needs no index of its own. Without that index a
--    foreign key on `import_id` would make deleting an import scan every lead; imports go only with their
--    workspace, whose leads go with it, so the column is a plain reference.
-- 4. The lead list pages a workspace, or one campaign, in id order. An index on the workspace alone, and one
--    on the campaign alone, each keep their leads in id order (SQLite sorts an index's equal keys by rowid),
--    so a page is a range read; the former (workspace, campaign, id) index served neither without sorting
--    the whole workspace for every page. The campaign index also serves the campaign's foreign key.

ALTER TABLE imports ADD COLUMN first_lead_id INTEGER;
ALTER TABLE imports ADD COLUMN last_lead_id INTEGER;
UPDATE imports SET
    first_lead_id = (SELECT min(id) FROM leads WHERE import_id = imports.id),
    last_lead_id = (SELECT max(id) FROM leads WHERE import_id = imports.id);

CREATE TABLE leads_rebuilt (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    campaign_id   INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
    -- The import that wrote the lead (see 3. above).
    import_id     INTEGER,
    -- Normalized email, or for leads found without one "web:<domain>|<name or profile>".
    dedupe_key    TEXT NOT NULL,
    email         TEXT,
    first_name    TEXT,
    last_name     TEXT,
    company       TEXT,
    title         TEXT,
    website       TEXT,
    domain        TEXT,
    linkedin_url  TEXT,
    country       TEXT,
    timezone      TEXT,
    custom        TEXT NOT NULL DEFAULT '{}',
    status        TEXT NOT NULL DEFAULT 'new' CHECK (
        status = 'new' OR status = 'researched' OR status = 'drafted' OR status = 'approved' OR status = 'queued'
        OR status = 'sent' OR status = 'replied' OR status = 'bounced' OR status = 'unsubscribed' OR status = 'failed'
    ),
    fit_score     INTEGER,
    intent_score  INTEGER,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
INSERT INTO leads_rebuilt SELECT * FROM leads;

-- The search index keeps its entries: it refers to leads by id, and the ids are kept.
DROP TRIGGER leads_fts_delete;
DROP TRIGGER leads_fts_update;
DROP TABLE leads;
ALTER TABLE leads_rebuilt RENAME TO leads;

CREATE UNIQUE INDEX leads_dedupe ON leads (workspace_id, dedupe_key);
CREATE INDEX leads_workspace ON leads (workspace_id);
CREATE INDEX leads_campaign ON leads (campaign_id);
CREATE INDEX leads_workspace_status ON leads (workspace_id, status, id) WHERE status <> 'new';

CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN
    INSERT INTO leads_fts (leads_fts, rowid, email, first_name, last_name, company, title)
    VALUES ('delete', old.id, old.email, old.first_name, old.last_name, old.company, old.title);
END;

CREATE TRIGGER leads_fts_update AFTER UPDATE OF email, first_name, last_name, company, title ON leads BEGIN
    INSERT INTO leads_fts (leads_fts, rowid, email, first_name, last_name, company, title)
    VALUES ('delete', old.id, old.email, old.first_name, old.last_name, old.company, old.title);
    INSERT INTO leads_fts (rowid, email, first_name, last_name, company, title)
    VALUES (new.id, new.email, new.first_name, new.last_name, new.company, new.title);
END;

-- Each import writes a row here for every duplicate and invalid row of its file: the same IN-list cost.
CREATE TABLE import_errors_rebuilt (
    id         INTEGER PRIMARY KEY,
    import_id  INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    line       INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind = 'invalid' OR kind = 'duplicate_in_file' OR kind = 'duplicate_in_workspace'),
    reason     TEXT NOT NULL,
    raw        TEXT
);
INSERT INTO import_errors_rebuilt SELECT * FROM import_errors;
DROP TABLE import_errors;
ALTER TABLE import_errors_rebuilt RENAME TO import_errors;
CREATE INDEX import_errors_import ON import_errors (import_id, kind, line);
