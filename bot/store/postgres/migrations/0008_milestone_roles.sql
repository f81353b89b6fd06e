-- Milestone roles (issue 15, README "Milestone roles"): the same tables as SQLite's
-- 0007_milestone_roles.sql (see its comments for the states).
-- milestone_roles: which server role a group gives for each milestone (one per milestone).
-- milestone_grants: the ledger, one row per (group, member, milestone), claimed before the role
--   is granted: a role is granted at most once and its announcement sent exactly once.

CREATE TABLE milestone_roles (
    guild_id    BIGINT  NOT NULL,
    group_id    BIGINT  NOT NULL,
    milestone   TEXT    NOT NULL,
    role_id     BIGINT  NOT NULL,
    set_by      BIGINT  NOT NULL,
    set_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (group_id, milestone),
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);

CREATE TABLE milestone_grants (
    guild_id     BIGINT  NOT NULL,
    group_id     BIGINT  NOT NULL,
    user_id      BIGINT  NOT NULL,
    milestone    TEXT    NOT NULL,
    role_id      BIGINT  NOT NULL,
    detail       INTEGER,
    state        TEXT    NOT NULL
                 CHECK (state IN ('claimed', 'granted', 'announced', 'refused')),
    nonce        TEXT    NOT NULL,
    claimed_at   TIMESTAMPTZ NOT NULL,
    granted_at   TIMESTAMPTZ,
    search_from  TIMESTAMPTZ,
    attempt_at   TIMESTAMPTZ,
    message_id   BIGINT,
    announced_at TIMESTAMPTZ,
    error        TEXT,
    PRIMARY KEY (group_id, user_id, milestone),
    FOREIGN KEY (guild_id, group_id) REFERENCES groups (guild_id, id) ON DELETE CASCADE
);
CREATE INDEX milestone_grants_unsettled
    ON milestone_grants (state) WHERE state IN ('claimed', 'granted');
