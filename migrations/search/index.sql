-- The search index file, attached to the database as `search`. Created whole when the file is new or
-- belongs to another database; its rows come from the database's search backlog.
--
-- Words people search for (address, names, company, title), matched by prefix and never by phrase, so
-- no positions are kept (detail=none). A search matches its words in any of those fields, so they are
-- indexed as one text, `words` (the fields joined by spaces, where the tokenizer splits anyway): a
-- sixth less work per lead than a column each. The index keeps neither a copy of the text (content='')
-- nor the length of each lead's words (columnsize=0; nothing ranks by it), so it writes no row per lead
-- besides its entries: the backlog hands it the words a changed lead had, to remove its entry by.
-- A batch of an import is gathered in memory before it is written (hashsize 8 MB instead of 1 MB, which
-- made several small segments of each batch), and segments are merged eight at a time instead of four,
-- so the entries of a large import are rewritten by fewer merges.
CREATE VIRTUAL TABLE search.leads_fts USING fts5 (
    words,
    content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 2', detail = none
);
INSERT INTO search.leads_fts (leads_fts, rank) VALUES ('hashsize', 8388608);
INSERT INTO search.leads_fts (leads_fts, rank) VALUES ('automerge', 8);

CREATE TABLE search.search_meta (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    identity     TEXT NOT NULL,
    applied_seq  INTEGER NOT NULL
);
