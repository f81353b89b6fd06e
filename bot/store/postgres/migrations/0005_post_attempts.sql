-- Exactly-once delivery (README "Reliability"): a claimed post remembers its send attempts, so
-- a restarted bot searches the channel exactly where an earlier attempt could have landed.
--   attempt_at:  when the latest send attempt started, on the bot's clock (NULL: none was made);
--   search_from: the earliest instant, on the bot's clock, that a message of an earlier attempt
--                not yet seen in the channel can carry.
ALTER TABLE posts ADD COLUMN search_from TIMESTAMPTZ;
ALTER TABLE posts ADD COLUMN attempt_at TIMESTAMPTZ;

-- Rows left unconfirmed before attempts were recorded: search from the claim to 15 minutes past it.
UPDATE posts
SET search_from = claimed_at,
    attempt_at = claimed_at + INTERVAL '15 minutes'
WHERE state IN ('claimed', 'failed');
