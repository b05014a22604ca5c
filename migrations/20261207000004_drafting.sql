-- Drafting and review: what is known about each lead's company, the workspace's templates, each campaign's
-- sequence, the drafts written for its enrolled leads with every earlier version, and frozen review batches.

-- One enrichment per lead, in every campaign: who the person is and what their company likely cares about.
CREATE TABLE enrichments (
    lead_id         INTEGER PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
    workspace_id    INTEGER NOT NULL,
    persona         TEXT NOT NULL,
    company_size    TEXT NOT NULL,
    industry        TEXT NOT NULL,
    pain_points     TEXT NOT NULL DEFAULT '[]',
    buying_triggers TEXT NOT NULL DEFAULT '[]',
    confidence      REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    mode            TEXT NOT NULL CHECK (mode = 'offline' OR mode = 'ai'),
    -- The provider and model that wrote an AI enrichment.
    model           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE templates (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    category     TEXT NOT NULL DEFAULT '',
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX templates_name ON templates (workspace_id, name COLLATE NOCASE);

-- A campaign's sequence: step 1 is the first mail, later steps follow up after their delay. A step has one
-- or more variants (A, B, …) with weights; each variant is written from a template or from an AI prompt.
CREATE TABLE sequence_steps (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    step        INTEGER NOT NULL CHECK (step >= 1),
    variant     TEXT NOT NULL,
    weight      INTEGER NOT NULL DEFAULT 1 CHECK (weight >= 1),
    delay_days  INTEGER NOT NULL DEFAULT 0 CHECK (delay_days >= 0),
    channel     TEXT NOT NULL CHECK (channel = 'email' OR channel = 'linkedin' OR channel = 'article'),
    -- A template in use is not deleted (the engine refuses: the step would have nothing to draft from); the
    -- cascade is for a workspace deleted with its templates and campaigns, in whichever order SQLite takes.
    template_id INTEGER REFERENCES templates (id) ON DELETE CASCADE,
    ai_prompt   TEXT,
    -- For an article: {target_url, anchor_text, min_words, max_words, topic}.
    article     TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK ((template_id IS NULL) <> (ai_prompt IS NULL)),
    UNIQUE (campaign_id, step, variant)
);
CREATE INDEX sequence_steps_template ON sequence_steps (template_id) WHERE template_id IS NOT NULL;

-- The current draft of a lead's step in a campaign: one per (campaign, lead, step), whichever variant the lead
-- was given; earlier versions move to draft_versions when it is regenerated.
CREATE TABLE drafts (
    id               INTEGER PRIMARY KEY,
    workspace_id     INTEGER NOT NULL,
    campaign_id      INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    lead_id          INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    step             INTEGER NOT NULL,
    variant          TEXT NOT NULL,
    channel          TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    generator        TEXT NOT NULL CHECK (generator = 'template' OR generator = 'ai'),
    -- Written with no network: a template over offline enrichment.
    offline          INTEGER NOT NULL,
    model            TEXT,
    -- The spintax choices made, so a regenerated draft can keep them.
    spin_path        TEXT,
    -- The text as written, kept when a person first edits it.
    original_subject TEXT,
    original_body    TEXT,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (
        status = 'pending' OR status = 'approved' OR status = 'rejected' OR status = 'needs_regeneration' OR status = 'regenerated'
    ),
    review_note      TEXT,
    qc               TEXT NOT NULL DEFAULT '[]',
    qc_errors        INTEGER NOT NULL DEFAULT 0,
    qc_warnings      INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    reviewed_at      TEXT,
    UNIQUE (campaign_id, lead_id, step)
);
CREATE INDEX drafts_queue ON drafts (campaign_id, status, step);
CREATE INDEX drafts_lead ON drafts (lead_id);

CREATE TABLE draft_versions (
    draft_id    INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    generator   TEXT NOT NULL,
    model       TEXT,
    -- What the reviewer asked for when this version was replaced.
    instruction TEXT,
    status      TEXT NOT NULL,
    review_note TEXT,
    qc          TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (draft_id, version)
) WITHOUT ROWID;

-- A batch freezes a set of drafts for review, each with the QC it had when frozen.
CREATE TABLE review_batches (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    campaign_id  INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE review_batch_items (
    batch_id    INTEGER NOT NULL REFERENCES review_batches (id) ON DELETE CASCADE,
    draft_id    INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    qc_snapshot TEXT NOT NULL,
    version     INTEGER NOT NULL,
    PRIMARY KEY (batch_id, draft_id)
) WITHOUT ROWID;
CREATE INDEX review_batch_items_draft ON review_batch_items (draft_id);

-- A lead taken out of a campaign takes its drafts there with it: nothing of them was sent, and none may be.
CREATE TRIGGER campaign_leads_drafts_delete AFTER DELETE ON campaign_leads BEGIN
    DELETE FROM drafts WHERE campaign_id = old.campaign_id AND lead_id = old.lead_id;
END;
