-- The reply inbox: where IMAP sync stands per account and folder, every message read from a mailbox once
-- (keyed by where it lives), how Reach read it and what it did; an out-of-office pauses an enrollment.

-- Why reading this account's mailbox stopped by itself (a refused password), until the user fixes it.
ALTER TABLE sender_accounts ADD COLUMN imap_paused_reason TEXT;
-- The last error of a sync that will be tried again, and when the last sync ended well.
ALTER TABLE sender_accounts ADD COLUMN imap_error TEXT;
ALTER TABLE sender_accounts ADD COLUMN imap_synced_at TEXT;
-- Folders read besides INBOX, a JSON array of names.
ALTER TABLE sender_accounts ADD COLUMN imap_extra_folders TEXT NOT NULL DEFAULT '[]';
-- Where a copy of each sent mail goes: NULL finds the Sent folder on the server; '' keeps none (the
-- provider saves one itself, as Gmail does).
ALTER TABLE sender_accounts ADD COLUMN sent_folder TEXT;

-- Per folder: the UIDVALIDITY its UIDs belong to, the highest UID read and the server's UIDNEXT then.
-- A different UIDVALIDITY, or a UIDNEXT lower than the one seen, means the folder was rebuilt: read again.
CREATE TABLE imap_state (
    account_id   INTEGER NOT NULL REFERENCES sender_accounts (id) ON DELETE CASCADE,
    folder       TEXT NOT NULL,
    uid_validity INTEGER NOT NULL,
    last_uid     INTEGER NOT NULL DEFAULT 0,
    uid_next     INTEGER,
    synced_at    TEXT NOT NULL,
    PRIMARY KEY (account_id, folder)
) WITHOUT ROWID;

-- Every message read, once: replies, bounces, auto-replies and other mail. Mail from nobody the workspace
-- wrote to keeps only its envelope (no body): the inbox shows people Reach wrote to.
CREATE TABLE replies (
    id              INTEGER PRIMARY KEY,
    workspace_id    INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES sender_accounts (id) ON DELETE CASCADE,
    folder          TEXT NOT NULL,
    uid_validity    INTEGER NOT NULL,
    uid             INTEGER NOT NULL,
    message_id      TEXT,
    in_reply_to     TEXT,
    -- The References ids, space-separated.
    "references"    TEXT,
    from_address    TEXT,
    from_name       TEXT,
    -- The To and Cc addresses, comma-separated.
    to_addresses    TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL DEFAULT '',
    -- Its Date header, and when the server received it (INTERNALDATE, else when it was read).
    sent_at         TEXT,
    received_at     TEXT NOT NULL,
    text_body       TEXT,
    -- As sent: sanitized each time it is shown, never stored sanitized so a better sanitizer applies to all.
    html_body       TEXT,
    snippet         TEXT NOT NULL DEFAULT '',
    -- [{name, content_type, size}]: listed, never opened.
    attachments     TEXT NOT NULL DEFAULT '[]',
    size            INTEGER NOT NULL DEFAULT 0,
    kind            TEXT NOT NULL CHECK (kind = 'reply' OR kind = 'bounce' OR kind = 'auto_reply' OR kind = 'other'),
    -- The bounce as read: {recipients: [{address, status, action, hard, reason, diagnostic}], original_message_id, standard}.
    bounce          TEXT,
    return_date     TEXT,
    category        TEXT CHECK (category IS NULL OR category = 'interested' OR category = 'not_now' OR category = 'not_interested'
        OR category = 'unsubscribe' OR category = 'referral' OR category = 'question' OR category = 'other'),
    -- Who labelled it: the offline rules, a model, or the user (whose label is never overwritten).
    category_source TEXT CHECK (category_source IS NULL OR category_source = 'rules' OR category_source = 'llm' OR category_source = 'user'),
    lead_id         INTEGER REFERENCES leads (id) ON DELETE SET NULL,
    attempt_id      INTEGER REFERENCES attempts (id) ON DELETE SET NULL,
    campaign_id     INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
    -- How it was tied to the mail it answers: by its thread headers, by the sender's address, or (a bounce)
    -- by the returned message's Message-ID or its failed recipient.
    matched_by      TEXT CHECK (matched_by IS NULL OR matched_by = 'thread' OR matched_by = 'address' OR matched_by = 'bounce_message'
        OR matched_by = 'bounce_recipient'),
    -- What reading it did, in words (the sequence stopped, the address suppressed, paused until a date).
    effect          TEXT,
    state           TEXT NOT NULL DEFAULT 'open' CHECK (state = 'open' OR state = 'done' OR state = 'snoozed'),
    snoozed_until   TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (account_id, folder, uid_validity, uid)
);
CREATE INDEX replies_inbox ON replies (workspace_id, received_at);
CREATE INDEX replies_lead ON replies (lead_id);
CREATE INDEX replies_message_id ON replies (message_id);

-- When a person answers, their colleagues (leads of the same registrable domain) in that campaign pause too.
ALTER TABLE compliance_settings ADD COLUMN pause_company_on_reply INTEGER NOT NULL DEFAULT 0;

-- An out-of-office: the enrollment waits until the person is back (no mail of it is due before).
ALTER TABLE campaign_leads ADD COLUMN paused_until TEXT;

-- Replies are matched to the attempts they answer by Message-ID, and by the address written to.
CREATE INDEX attempts_recipient ON attempts (workspace_id, recipient COLLATE NOCASE, sent_at);
