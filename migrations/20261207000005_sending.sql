-- Sending: the mailboxes a workspace sends from, its compliance settings and suppression list, each
-- campaign's sending state, the outbox (one attempt per lead and step, keyed so it can never be sent twice),
-- and the daily counters the policy gate increments atomically.

CREATE TABLE sender_accounts (
    id               INTEGER PRIMARY KEY,
    workspace_id     INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    display_name     TEXT NOT NULL,
    email            TEXT NOT NULL,
    smtp_host        TEXT NOT NULL,
    smtp_port        INTEGER NOT NULL CHECK (smtp_port BETWEEN 1 AND 65535),
    smtp_security    TEXT NOT NULL CHECK (smtp_security = 'starttls' OR smtp_security = 'tls' OR smtp_security = 'none'),
    smtp_username    TEXT,
    -- The keychain entry holding the password; the password itself is never stored here.
    password_ref     TEXT,
    imap_host        TEXT,
    imap_port        INTEGER,
    imap_security    TEXT CHECK (imap_security IS NULL OR imap_security = 'starttls' OR imap_security = 'tls' OR imap_security = 'none'),
    imap_username    TEXT,
    daily_cap        INTEGER NOT NULL CHECK (daily_cap >= 0),
    -- Ramp-up: a new mailbox's allowance starts at ramp_start and grows by ramp_step each day it sends.
    ramp_start       INTEGER NOT NULL DEFAULT 0 CHECK (ramp_start >= 0),
    ramp_step        INTEGER NOT NULL DEFAULT 0 CHECK (ramp_step >= 0),
    min_spacing_secs INTEGER NOT NULL CHECK (min_spacing_secs >= 0),
    jitter_secs      INTEGER NOT NULL CHECK (jitter_secs >= 0),
    signature        TEXT NOT NULL DEFAULT '',
    -- The earliest time this mailbox may send again (spacing plus jitter), claimed atomically per send.
    next_send_at     TEXT,
    -- Set when sending from it stopped on its own (a refused password); cleared by the user.
    paused_reason    TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX sender_accounts_email ON sender_accounts (workspace_id, email COLLATE NOCASE);

-- One row per workspace, created with defaults when first read.
CREATE TABLE compliance_settings (
    workspace_id         INTEGER PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    physical_address     TEXT NOT NULL DEFAULT '',
    unsubscribe_mailto   TEXT,
    unsubscribe_url      TEXT,
    window_start         TEXT NOT NULL DEFAULT '09:00',
    window_end           TEXT NOT NULL DEFAULT '17:00',
    window_days          TEXT NOT NULL DEFAULT 'mon,tue,wed,thu,fri',
    timezone             TEXT NOT NULL DEFAULT 'UTC',
    domain_daily_cap     INTEGER NOT NULL DEFAULT 20 CHECK (domain_daily_cap >= 0),
    -- Leads in a consent region (EU/EEA, UK, CA, AU) wait until their consent is recorded.
    hold_without_consent INTEGER NOT NULL DEFAULT 1,
    bounce_pause_percent REAL NOT NULL DEFAULT 5,
    bounce_pause_min     INTEGER NOT NULL DEFAULT 20,
    max_tries            INTEGER NOT NULL DEFAULT 5 CHECK (max_tries >= 1),
    updated_at           TEXT NOT NULL
);

-- Whether a campaign sends: drafts until launched; a pause says why (the user, bounce protection).
ALTER TABLE campaigns ADD COLUMN sending TEXT NOT NULL DEFAULT 'not_started'
    CHECK (sending = 'not_started' OR sending = 'running' OR sending = 'paused');
ALTER TABLE campaigns ADD COLUMN sending_note TEXT;
ALTER TABLE campaigns ADD COLUMN launched_at TEXT;

-- Addresses and whole registrable domains no mail may go to.
CREATE TABLE suppression (
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind = 'address' OR kind = 'domain'),
    value        TEXT NOT NULL,
    reason       TEXT,
    source       TEXT NOT NULL CHECK (source = 'user' OR source = 'import' OR source = 'bounce' OR source = 'unsubscribe'),
    created_at   TEXT NOT NULL,
    PRIMARY KEY (workspace_id, kind, value)
) WITHOUT ROWID;

-- The outbox. An attempt is committed, queued, with its idempotency key before SMTP is touched; it takes its
-- account and Message-ID in the same transaction that moves it to 'sending', before the first byte goes out.
-- An attempt left in 'sending' by a process that died becomes 'unknown' and is never sent again by itself.
CREATE TABLE attempts (
    id              INTEGER PRIMARY KEY,
    workspace_id    INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    campaign_id     INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    lead_id         INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    step            INTEGER NOT NULL,
    -- A dry run writes .eml files instead of using SMTP; its attempts never stand for real ones.
    dry_run         INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT NOT NULL UNIQUE,
    draft_id        INTEGER REFERENCES drafts (id) ON DELETE SET NULL,
    -- The draft's version when it was queued: a draft changed since cannot go out.
    draft_version   INTEGER NOT NULL,
    recipient       TEXT NOT NULL,
    account_id      INTEGER REFERENCES sender_accounts (id) ON DELETE SET NULL,
    sender          TEXT,
    message_id      TEXT UNIQUE,
    in_reply_to     TEXT,
    "references"    TEXT,
    subject         TEXT,
    body            TEXT,
    status          TEXT NOT NULL DEFAULT 'queued' CHECK (
        status = 'queued' OR status = 'sending' OR status = 'sent' OR status = 'deferred' OR status = 'bounced'
        OR status = 'failed' OR status = 'unknown' OR status = 'blocked' OR status = 'cancelled'
    ),
    tries           INTEGER NOT NULL DEFAULT 0,
    scheduled_at    TEXT NOT NULL,
    started_at      TEXT,
    sent_at         TEXT,
    smtp_code       INTEGER,
    smtp_reply      TEXT,
    -- Why it was blocked, deferred or failed, or the evidence of an unknown outcome.
    detail          TEXT,
    -- The policy rule that blocked it, so re-approving its draft can queue it again.
    blocked_by      TEXT,
    legal_basis     TEXT,
    -- How the user resolved an unknown outcome: 'sent' or 'not_sent'.
    resolution      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (campaign_id, lead_id, step, dry_run)
);
CREATE INDEX attempts_due ON attempts (campaign_id, dry_run, status, scheduled_at);
CREATE INDEX attempts_lead ON attempts (lead_id);
CREATE INDEX attempts_account ON attempts (account_id, status);

-- Sends per scope ('account' by id, 'domain' by workspace and registrable domain; 'dry_…' for dry runs) and
-- day, incremented only while under the cap, in the transaction that lets the send through.
CREATE TABLE send_counters (
    scope TEXT NOT NULL,
    key   TEXT NOT NULL,
    day   TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (scope, key, day)
) WITHOUT ROWID;
