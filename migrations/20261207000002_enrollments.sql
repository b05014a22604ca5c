-- A lead can be in any number of campaigns. Its progress in each is an enrollment (`campaign_leads`); the
-- facts about the person, which hold in every campaign, stay on the lead: hard-bounced, unsubscribed,
-- suppressed, replied. `leads.campaign_id` and `leads.status` go.
--
-- `leads.status` was only ever set by the demo workspace, with nothing behind it (there are no drafts or
-- sent mails yet), so no stage past 'enrolled' can be backed: every moved membership is 'enrolled'. The
-- statuses that are facts about the person (bounced, unsubscribed, replied) become those facts, dated when
-- the lead last changed, and the person's enrollments then read as those facts require: stopped when they
-- bounced or unsubscribed, replied when they replied.

-- The memberships, kept aside while the leads table is rebuilt: dropping a table deletes its rows first, and
-- a foreign key would take the enrollments with them.
CREATE TEMP TABLE moving_memberships AS
    SELECT id AS lead_id, workspace_id, campaign_id, status, updated_at FROM leads WHERE campaign_id IS NOT NULL;

CREATE TABLE leads_rebuilt (
    id              INTEGER PRIMARY KEY,
    workspace_id    INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    -- The import that wrote the lead (see 20261125000004_lean_lead_writes.sql).
    import_id       INTEGER,
    -- Normalized email, or for leads found without one "web:<domain>|<name or profile>".
    dedupe_key      TEXT NOT NULL,
    email           TEXT,
    first_name      TEXT,
    last_name       TEXT,
    company         TEXT,
    title           TEXT,
    website         TEXT,
    domain          TEXT,
    linkedin_url    TEXT,
    country         TEXT,
    timezone        TEXT,
    custom          TEXT NOT NULL DEFAULT '{}',
    fit_score       INTEGER,
    intent_score    INTEGER,
    -- Facts about the person, in every campaign: when each became true, or NULL.
    hard_bounced_at TEXT,
    unsubscribed_at TEXT,
    suppressed_at   TEXT,
    replied_at      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
INSERT INTO leads_rebuilt (id, workspace_id, import_id, dedupe_key, email, first_name, last_name, company, title, website, domain,
    linkedin_url, country, timezone, custom, fit_score, intent_score, hard_bounced_at, unsubscribed_at, replied_at, created_at, updated_at)
SELECT id, workspace_id, import_id, dedupe_key, email, first_name, last_name, company, title, website, domain,
    linkedin_url, country, timezone, custom, fit_score, intent_score,
    CASE WHEN status = 'bounced' THEN updated_at END,
    CASE WHEN status = 'unsubscribed' THEN updated_at END,
    CASE WHEN status = 'replied' THEN updated_at END,
    created_at, updated_at
FROM leads;

-- The search index refers to leads by id, and the ids are kept; its backlog triggers go with the old table.
DROP TRIGGER leads_search_delete;
DROP TRIGGER leads_search_update;
DROP TABLE leads;
ALTER TABLE leads_rebuilt RENAME TO leads;

CREATE UNIQUE INDEX leads_dedupe ON leads (dedupe_key, workspace_id);
CREATE INDEX leads_workspace ON leads (workspace_id);

CREATE TRIGGER leads_search_delete AFTER DELETE ON leads BEGIN
    INSERT INTO search_backlog (kind, first_id, last_id, old_words)
    VALUES ('changed', old.id, old.id, concat_ws(' ', old.email, old.first_name, old.last_name, old.company, old.title));
END;

CREATE TRIGGER leads_search_update AFTER UPDATE OF email, first_name, last_name, company, title ON leads BEGIN
    INSERT INTO search_backlog (kind, first_id, last_id, old_words)
    VALUES ('changed', old.id, old.id, concat_ws(' ', old.email, old.first_name, old.last_name, old.company, old.title));
END;

-- One row per lead in a campaign. Keyed by (campaign, lead) with no rowid of its own: the key is the table,
-- so a campaign's enrollments are one range in lead-id order (the order the lead list pages in), and an
-- import that enrolls its new leads appends to that range instead of filling a second index. The CHECKs are
-- chains of ORs, not IN lists, which SQLite checks without building a temporary b-tree per row.
CREATE TABLE campaign_leads (
    campaign_id   INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    lead_id       INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    -- The lead's workspace, so a workspace's enrollments are filtered without reading its leads.
    workspace_id  INTEGER NOT NULL,
    stage         TEXT NOT NULL DEFAULT 'enrolled' CHECK (
        stage = 'enrolled' OR stage = 'enriched' OR stage = 'drafted' OR stage = 'approved' OR stage = 'scheduled'
        OR stage = 'sent' OR stage = 'replied' OR stage = 'stopped'
    ),
    stop_reason   TEXT CHECK (
        stop_reason IS NULL OR stop_reason = 'bounced' OR stop_reason = 'unsubscribed' OR stop_reason = 'replied_elsewhere'
        OR stop_reason = 'removed' OR stop_reason = 'failed'
    ),
    -- The current step of the campaign's sequence.
    step          INTEGER NOT NULL DEFAULT 0,
    variant       TEXT,
    next_due_at   TEXT,
    enrolled_at   TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (campaign_id, lead_id),
    CHECK ((stage = 'stopped') = (stop_reason IS NOT NULL))
) WITHOUT ROWID;
-- A lead's enrollments; also what deleting a lead looks its enrollments up by.
CREATE INDEX campaign_leads_lead ON campaign_leads (lead_id, campaign_id);
-- The work that is due, soonest first.
CREATE INDEX campaign_leads_due ON campaign_leads (next_due_at) WHERE next_due_at IS NOT NULL;

INSERT INTO campaign_leads (campaign_id, lead_id, workspace_id, stage, stop_reason, enrolled_at, updated_at)
SELECT campaign_id, lead_id, workspace_id,
    CASE status WHEN 'bounced' THEN 'stopped' WHEN 'unsubscribed' THEN 'stopped' WHEN 'replied' THEN 'replied' ELSE 'enrolled' END,
    CASE status WHEN 'bounced' THEN 'bounced' WHEN 'unsubscribed' THEN 'unsubscribed' END,
    updated_at, updated_at
FROM moving_memberships;
DROP TABLE moving_memberships;

-- Rows of a file imported into a campaign whose person was already in the workspace: not written again,
-- but enrolled in the campaign.
ALTER TABLE imports ADD COLUMN added_from_workspace INTEGER NOT NULL DEFAULT 0;
