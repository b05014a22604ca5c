-- The outbox reads a campaign's waiting attempts soonest first, a batch at a time. Over the general index
-- that meant sorting every waiting attempt for each batch; this one holds them in the order they are read.
CREATE INDEX attempts_waiting ON attempts (campaign_id, dry_run, scheduled_at, id) WHERE status = 'queued' OR status = 'deferred';
