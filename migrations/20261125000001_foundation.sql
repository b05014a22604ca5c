-- Foundation: workspaces, campaigns, imports, leads with full-text search, durable jobs, audit log.
-- Times are ISO-8601 UTC text ("2026-11-25T10:00:00.000Z").

CREATE TABLE workspaces (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX workspaces_name ON workspaces (name COLLATE NOCASE);

CREATE TABLE campaigns (
    id                  INTEGER PRIMARY KEY,
    workspace_id        INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name                TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('cold_email', 'backlink')),
    keywords            TEXT NOT NULL DEFAULT '[]',
    description         TEXT NOT NULL DEFAULT '',
    core_offer          TEXT NOT NULL DEFAULT '',
    key_differentiator  TEXT NOT NULL DEFAULT '',
    call_to_action      TEXT NOT NULL DEFAULT '',
    timeline            TEXT NOT NULL DEFAULT '',
    goal                TEXT NOT NULL DEFAULT '',
    fallback_action     TEXT NOT NULL DEFAULT '',
    archived            INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX campaigns_name ON campaigns (workspace_id, name COLLATE NOCASE);

CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER REFERENCES workspaces (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'paused', 'cancelled', 'completed', 'failed')),
    payload       TEXT NOT NULL DEFAULT '{}',
    checkpoint    TEXT,
    total         INTEGER NOT NULL DEFAULT 0,
    done          INTEGER NOT NULL DEFAULT 0,
    failed        INTEGER NOT NULL DEFAULT 0,
    message       TEXT,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    -- The process running the job renews its lease; a job whose lease ran out was interrupted and resumes.
    lease_owner   TEXT,
    lease_until   TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    started_at    TEXT,
    finished_at   TEXT,
    updated_at    TEXT NOT NULL
);
CREATE INDEX jobs_status ON jobs (status);
CREATE INDEX jobs_workspace ON jobs (workspace_id, id);

-- Per-item state for jobs that work lead by lead (research, drafting, sending).
CREATE TABLE job_items (
    id          INTEGER PRIMARY KEY,
    job_id      INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    item_key    TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed', 'skipped')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    error       TEXT,
    updated_at  TEXT NOT NULL,
    UNIQUE (job_id, item_key)
);
CREATE INDEX job_items_pending ON job_items (job_id, status);

CREATE TABLE imports (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    campaign_id   INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
    job_id        INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
    file_name     TEXT NOT NULL,
    file_path     TEXT NOT NULL,
    format        TEXT NOT NULL,
    mapping       TEXT NOT NULL,
    total_rows    INTEGER NOT NULL DEFAULT 0,
    imported      INTEGER NOT NULL DEFAULT 0,
    duplicates_in_file      INTEGER NOT NULL DEFAULT 0,
    duplicates_in_workspace INTEGER NOT NULL DEFAULT 0,
    invalid       INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    finished_at   TEXT
);
CREATE INDEX imports_workspace ON imports (workspace_id, id);

CREATE TABLE import_errors (
    id         INTEGER PRIMARY KEY,
    import_id  INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    line       INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('invalid', 'duplicate_in_file', 'duplicate_in_workspace')),
    reason     TEXT NOT NULL,
    raw        TEXT
);
CREATE INDEX import_errors_import ON import_errors (import_id, kind, line);

CREATE TABLE leads (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    campaign_id   INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
    import_id     INTEGER REFERENCES imports (id) ON DELETE SET NULL,
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
    status        TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'researched', 'drafted', 'approved', 'queued', 'sent', 'replied', 'bounced', 'unsubscribed', 'failed')),
    fit_score     INTEGER,
    intent_score  INTEGER,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX leads_dedupe ON leads (workspace_id, dedupe_key);
CREATE INDEX leads_workspace_campaign ON leads (workspace_id, campaign_id, id);
CREATE INDEX leads_workspace_status ON leads (workspace_id, status, id);
CREATE INDEX leads_import ON leads (import_id);

-- External-content FTS index over the words people search for (address, names, company, title).
-- Search is by word prefixes, never by phrase, so the index keeps no positions (detail=none: a third
-- faster to build and half the size). Bulk inserts fill it with one INSERT … SELECT when an import
-- finishes (a per-row trigger triples import time); updates and deletes keep it in step through the
-- triggers below.
CREATE VIRTUAL TABLE leads_fts USING fts5 (
    email, first_name, last_name, company, title,
    content = 'leads', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2', detail = none
);

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

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER REFERENCES workspaces (id) ON DELETE SET NULL,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    subject       TEXT,
    detail        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_workspace ON audit_log (workspace_id, id);
