-- Milestone roles (issue 15, README "Milestone roles").
-- milestone_roles: which server role a group gives for each milestone (one per milestone).
-- milestone_grants: the ledger, one row per (group, member, milestone), claimed before the role
--   is granted, so a role is granted at most once and its announcement sent exactly once:
--   state 'claimed' (the grant is under way), 'granted' (Discord gave the role; the
--   announcement is under way), 'announced' (settled), 'refused' (Discord refused the role:
--   nothing announced; retried when the milestone's role is set again).
--   detail: the phase completed, for the 'phase' milestone; nonce, search_from, attempt_at and
--   message_id: the announcement's exactly-once delivery (bot/daily/delivery.py).

CREATE TABLE milestone_roles (
    guild_id    INTEGER NOT NULL,
    group_id    INTEGER NOT NULL,
    milestone   TEXT    NOT NULL,
    role_id     INTEGER NOT NULL,
    set_by      INTEGER NOT NULL,
    set_at      TEXT    NOT NULL,
    PRIMARY KEY (group_id, milestone),
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);

CREATE TABLE milestone_grants (
    guild_id     INTEGER NOT NULL,
    group_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    milestone    TEXT    NOT NULL,
    role_id      INTEGER NOT NULL,
    detail       INTEGER,
    state        TEXT    NOT NULL
                 CHECK (state IN ('claimed', 'granted', 'announced', 'refused')),
    nonce        TEXT    NOT NULL,
    claimed_at   TEXT    NOT NULL,
    granted_at   TEXT,
    search_from  TEXT,
    attempt_at   TEXT,
    message_id   INTEGER,
    announced_at TEXT,
    error        TEXT,
    PRIMARY KEY (group_id, user_id, milestone),
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);
CREATE INDEX milestone_grants_unsettled
    ON milestone_grants (state) WHERE state IN ('claimed', 'granted');
