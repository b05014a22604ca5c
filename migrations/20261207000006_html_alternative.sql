-- Mail goes as plain text; a workspace may add an HTML alternative made from the same text.
ALTER TABLE compliance_settings ADD COLUMN html_alternative INTEGER NOT NULL DEFAULT 0;
