-- Each lead keeps the registrable domain (by the public suffix list, in ASCII/punycode) of its email address
-- and of its website; `domain` becomes the website's, else the email's (unless a free-mail provider's).
ALTER TABLE leads ADD COLUMN email_domain TEXT;
ALTER TABLE leads ADD COLUMN website_domain TEXT;

-- SQL cannot read the public suffix list, so the leads written before this version get their domains when the
-- store next opens, in batches: `next_id` is the first lead id not yet filled, up to `last_id`, the last lead
-- there was now. Leads written from now on get them as they are written. The row goes when the work is done.
CREATE TABLE domain_backfill (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    next_id  INTEGER NOT NULL,
    last_id  INTEGER NOT NULL
);
INSERT INTO domain_backfill (id, next_id, last_id) SELECT 1, min(id), max(id) FROM leads HAVING count(*) > 0;

-- A row imported with something the user should know (a domain that is not a valid internationalized name)
-- is reported as a warning: the lead is kept.
ALTER TABLE imports ADD COLUMN warnings INTEGER NOT NULL DEFAULT 0;

CREATE TABLE import_errors_rebuilt (
    id         INTEGER PRIMARY KEY,
    import_id  INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    line       INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (
        kind = 'invalid' OR kind = 'duplicate_in_file' OR kind = 'duplicate_in_workspace' OR kind = 'warning'
    ),
    reason     TEXT NOT NULL,
    raw        TEXT
);
INSERT INTO import_errors_rebuilt SELECT * FROM import_errors;
DROP TABLE import_errors;
ALTER TABLE import_errors_rebuilt RENAME TO import_errors;
CREATE INDEX import_errors_import ON import_errors (import_id, kind, line);
