-- Hand-written answers: a mail the user writes in the inbox to a person's reply goes through the outbox like every
-- mail (queued with its key, let through by the gate, settled the same way), as an attempt that names the message
-- it answers. Its words are kept apart from what was sent (`body` is the final text with signature and footer,
-- written when the gate lets it through), so a retry assembles them again without doubling the footer.
--
-- An answer takes a step below the sequence: -1, -2, … per lead and campaign. The sequence's steps are 1..N and
-- grow at the end when the user adds one, so a number after them would collide with a step added later; nothing
-- that plans, follows up or advances a sequence looks below step 1 (step 1 has no previous step; a step k's
-- previous step is k - 1 >= 0; an enrollment's step is the highest sent), and UNIQUE (campaign_id, lead_id, step,
-- dry_run) keeps holding: each answer has its own step.
ALTER TABLE attempts ADD COLUMN answer_to INTEGER REFERENCES replies (id) ON DELETE SET NULL;
ALTER TABLE attempts ADD COLUMN answer_text TEXT;

-- The outbox looks at a campaign's waiting answers before its sequence mail (an answer is written to a person
-- waiting for it), and a paused campaign's outbox sends only them.
CREATE INDEX attempts_answers_waiting ON attempts (campaign_id, dry_run, scheduled_at, id)
    WHERE answer_to IS NOT NULL AND (status = 'queued' OR status = 'deferred');
CREATE INDEX attempts_answer_to ON attempts (answer_to) WHERE answer_to IS NOT NULL;
