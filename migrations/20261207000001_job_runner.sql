-- Every kind of job on one runner: fenced leases, user pause, schedules, recurrence and per-item work.

-- A claim writes a fresh token; every write the job makes names it, so a runner whose lease was taken
-- over (or ran out) can no longer write anything.
ALTER TABLE jobs ADD COLUMN lease_token TEXT;
-- The user asked the job to pause; a running job stops at the end of its batch.
ALTER TABLE jobs ADD COLUMN pause_requested INTEGER NOT NULL DEFAULT 0;
-- A queued job does not start before this time (scheduled jobs, the next run of a recurring one, a
-- job waiting for its next item retry).
ALTER TABLE jobs ADD COLUMN run_after TEXT;
-- A recurring job runs again this many seconds after each run; it ends only when cancelled.
ALTER TABLE jobs ADD COLUMN every_secs INTEGER CHECK (every_secs IS NULL OR every_secs > 0);
-- Whether this run's items were planned (a recurring job plans again for each run).
ALTER TABLE jobs ADD COLUMN planned INTEGER NOT NULL DEFAULT 0;
-- The batch a run is processing: its first and last item ids and when it was claimed. A run that ends abruptly (a crash, a kill) leaves them here,
-- and the next claim counts the attempt it made on each, so an item that takes its process down is
-- tried a bounded number of times. A claim itself writes nothing per item.
ALTER TABLE jobs ADD COLUMN items_in_flight TEXT;
CREATE INDEX jobs_due ON jobs (status, run_after) WHERE status IN ('queued', 'running');

-- An item failed transiently waits in 'pending' until next_attempt_at; its result is what the job's
-- kind recorded for it.
ALTER TABLE job_items ADD COLUMN next_attempt_at TEXT;
ALTER TABLE job_items ADD COLUMN result TEXT;
DROP INDEX job_items_pending;
-- A run reads its job's items in id order from where it got to (the rows of one job are planned together,
-- so their ids run together); no index follows an item's status, which changes with every result. The few
-- items waiting for a retry are found apart.
CREATE INDEX job_items_waiting_retry ON job_items (job_id, next_attempt_at) WHERE status = 'pending' AND next_attempt_at IS NOT NULL;
