-- Exactly-once delivery (issue 12, README "Reliability"): a claimed post remembers its send
-- attempts, so a restarted bot searches the channel exactly where an earlier attempt could have
-- landed, however busy the channel and however long the bot was down.
--   attempt_at:  when the latest send attempt started, on the bot's clock (NULL: none was made,
--                so nothing can have been sent);
--   search_from: the earliest instant, on the bot's clock, that a message of an earlier
--                attempt not yet seen in the channel can carry.
ALTER TABLE posts ADD COLUMN search_from TEXT;
ALTER TABLE posts ADD COLUMN attempt_at TEXT;

-- Rows left by earlier versions, which did not record attempts: their send began some time
-- after the claim (pacing, discord.py's own retries), so search from the claim to 15 minutes
-- past it.
UPDATE posts
SET search_from = claimed_at,
    attempt_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', claimed_at, '+15 minutes')
WHERE state IN ('claimed', 'failed');
