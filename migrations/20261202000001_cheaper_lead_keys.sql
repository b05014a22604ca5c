-- What each imported lead costs the indexes it enters, cut further.
--
-- 1. The dedupe index leads with the key instead of the workspace. SQLite compares index entries field by
--    field, with a fast path for the first field alone: led by the workspace, which every lead of an import
--    shares, each of the twenty-odd comparisons of a descent fell through to the general comparison of the
--    key. Led by the key, the first field decides nearly every comparison. Uniqueness per workspace, and the
--    lookup of a key in a workspace, are the same with either order.
-- 2. Leads assigned to no campaign stay out of the campaign index: nothing looks them up by it (the
--    unassigned leads of a workspace are read through the workspace index), and a lookup of one campaign,
--    as its foreign key makes when it is deleted, implies a campaign and still uses the index.
-- 3. The search index gathers a whole batch of an import in memory before writing it (FTS5's "hashsize",
--    1 MB by default, made a dozen small segments of each batch), and merges segments eight at a time
--    instead of four, so the entries of a large import are rewritten by fewer merges.

DROP INDEX leads_dedupe;
CREATE UNIQUE INDEX leads_dedupe ON leads (dedupe_key, workspace_id);

DROP INDEX leads_campaign;
CREATE INDEX leads_campaign ON leads (campaign_id) WHERE campaign_id IS NOT NULL;

INSERT INTO leads_fts (leads_fts, rank) VALUES ('hashsize', 33554432);
INSERT INTO leads_fts (leads_fts, rank) VALUES ('automerge', 8);
