-- Reminders (README "Reminders"): each member's choice, and the two exactly-once ledgers.
--
-- reminder_prefs: a member's reminder choice in one group; no row = the group's defaults.
--   enabled:       0 after "stop reminding me" or `/remind off`;
--   remind_at:     a time of day in the member's own zone; NULL = the group's reminder_time;
--   locale:        the member's language as their last /remind said it (DMs are private
--                  replies); NULL = the group's;
--   dm_channel_id: the DM channel Discord opened for them (opening DMs is rate limited);
--   dms_closed:    their last DM was refused (50007): the group's roll call names them instead.
CREATE TABLE reminder_prefs (
    guild_id      BIGINT  NOT NULL,
    group_id      BIGINT  NOT NULL,
    user_id       BIGINT  NOT NULL,
    enabled       BOOLEAN NOT NULL DEFAULT TRUE,
    remind_at     TIME,
    locale        TEXT,
    dm_channel_id BIGINT ,
    dms_closed    BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (group_id, user_id),
    FOREIGN KEY (group_id, user_id) REFERENCES members (group_id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);

-- One row per member and local date (the member's zone) that was due a reminder: claimed
-- before anything is sent, like posts. state: claimed (a DM is on its way), sent (DM
-- confirmed), closed (DMs closed: the roll call's business), failed (refused otherwise).
CREATE TABLE reminders (
    guild_id    BIGINT  NOT NULL,
    group_id    BIGINT  NOT NULL,
    user_id     BIGINT  NOT NULL,
    local_date  DATE    NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('claimed', 'sent', 'closed', 'failed')),
    nonce       TEXT    NOT NULL,
    streak      INTEGER NOT NULL DEFAULT 0,
    channel_id  BIGINT ,
    message_id  BIGINT ,
    claimed_at  TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ,
    search_from TIMESTAMPTZ,
    attempt_at  TIMESTAMPTZ,
    error       TEXT,
    PRIMARY KEY (group_id, user_id, local_date),
    FOREIGN KEY (group_id, user_id) REFERENCES members (group_id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);
CREATE INDEX reminders_by_group_date ON reminders (guild_id, group_id, local_date);

-- At most one roll call per group and local date (the group's zone); user_ids (space
-- separated) are fixed at the claim, so a resend after a crash is the same message.
CREATE TABLE rollcalls (
    guild_id    BIGINT  NOT NULL,
    group_id    BIGINT  NOT NULL,
    local_date  DATE    NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('claimed', 'sent', 'failed')),
    nonce       TEXT    NOT NULL,
    user_ids    TEXT    NOT NULL,
    message_id  BIGINT ,
    claimed_at  TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ,
    search_from TIMESTAMPTZ,
    attempt_at  TIMESTAMPTZ,
    error       TEXT,
    PRIMARY KEY (group_id, local_date),
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);
