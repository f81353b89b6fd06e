"""Milestone roles on PostgreSQL: the mappings (``milestone_roles``) and the grants ledger
(``milestone_grants``); contracts on ``bot.store.features.milestones.MilestoneStore``."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import asyncpg

from bot.shards import ShardSet
from bot.store.features.milestones import Grant, GrantState, MilestoneRole, MilestoneStanding
from bot.store.postgres.codec import aware
from bot.store.postgres.connection import Conn, PgDb
from bot.store.shard_filter import shard_condition

Key = tuple[int, int, int, str]
ROLE_COLS = "guild_id, group_id, milestone, role_id, set_by, set_at"
GRANT_COLS = (
    "guild_id, group_id, user_id, milestone, role_id, detail, state, nonce, claimed_at, "
    "granted_at, search_from, attempt_at, message_id, announced_at, error"
)


def _by_key(first: int) -> str:
    """The ledger row of a key whose four values are parameters ``first``..``first + 3``."""
    return (
        f"guild_id = ${first} AND group_id = ${first + 1} AND user_id = ${first + 2} "
        f"AND milestone = ${first + 3}"
    )


def role_from_row(row: asyncpg.Record) -> MilestoneRole:
    return MilestoneRole(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        milestone=row["milestone"],
        role_id=row["role_id"],
        set_by=row["set_by"],
        set_at=row["set_at"],
    )


def grant_from_row(row: asyncpg.Record) -> Grant:
    return Grant(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        user_id=row["user_id"],
        milestone=row["milestone"],
        role_id=row["role_id"],
        detail=row["detail"],
        state=cast(GrantState, row["state"]),
        nonce=row["nonce"],
        claimed_at=row["claimed_at"],
        granted_at=row["granted_at"],
        search_from=row["search_from"],
        attempt_at=row["attempt_at"],
        message_id=row["message_id"],
        announced_at=row["announced_at"],
        error=row["error"],
    )


class PgMilestones:
    def __init__(self, db: PgDb) -> None:
        self._db = db

    async def set_milestone_role(
        self, guild_id: int, group_id: int, milestone: str, role_id: int, set_by: int, now: datetime
    ) -> None:
        async def work(con: Conn) -> None:
            await con.execute(
                f"INSERT INTO milestone_roles ({ROLE_COLS}) VALUES ($1, $2, $3, $4, $5, $6) "
                "ON CONFLICT (group_id, milestone) DO UPDATE SET role_id = excluded.role_id, "
                "set_by = excluded.set_by, set_at = excluded.set_at "
                "WHERE milestone_roles.guild_id = excluded.guild_id",
                guild_id,
                group_id,
                milestone,
                role_id,
                set_by,
                aware(now),
            )
            await con.execute(
                "DELETE FROM milestone_grants WHERE guild_id = $1 AND group_id = $2 "
                "AND milestone = $3 AND state = 'refused'",
                guild_id,
                group_id,
                milestone,
            )

        await self._db.run(work)

    async def clear_milestone_role(self, guild_id: int, group_id: int, milestone: str) -> bool:
        changed = await self._db.write(
            "DELETE FROM milestone_roles WHERE guild_id = $1 AND group_id = $2 AND milestone = $3",
            guild_id,
            group_id,
            milestone,
        )
        return changed > 0

    async def milestone_roles(self, guild_id: int, group_id: int) -> list[MilestoneRole]:
        rows = await self._db.all(
            f"SELECT {ROLE_COLS} FROM milestone_roles WHERE guild_id = $1 AND group_id = $2 "
            "ORDER BY milestone",
            guild_id,
            group_id,
        )
        return [role_from_row(r) for r in rows]

    async def milestone_standing(
        self, guild_id: int, group_id: int, user_id: int
    ) -> MilestoneStanding:
        roles = tuple(await self.milestone_roles(guild_id, group_id))
        if not roles:
            return MilestoneStanding((), frozenset(), frozenset(), 0, False)
        ledger = await self._db.all(
            "SELECT milestone FROM milestone_grants "
            "WHERE guild_id = $1 AND group_id = $2 AND user_id = $3",
            guild_id,
            group_id,
            user_id,
        )
        done = await self._db.all(
            "SELECT day, task_id FROM ticks WHERE guild_id = $1 AND group_id = $2 AND user_id = $3",
            guild_id,
            group_id,
            user_id,
        )
        member = await self._db.one(
            "SELECT left_at, streak FROM members "
            "WHERE guild_id = $1 AND group_id = $2 AND user_id = $3",
            guild_id,
            group_id,
            user_id,
        )
        return MilestoneStanding(
            roles=roles,
            ledger=frozenset(r["milestone"] for r in ledger),
            done=frozenset((r["day"], r["task_id"]) for r in done),
            streak=(member["streak"] or 0) if member is not None else 0,
            active=member is not None and member["left_at"] is None,
        )

    async def claim_grant(
        self,
        guild_id: int,
        group_id: int,
        user_id: int,
        milestone: str,
        role_id: int,
        detail: int | None,
        nonce: str,
        now: datetime,
    ) -> Grant | None:
        row = await self._db.write_returning(
            "INSERT INTO milestone_grants (guild_id, group_id, user_id, milestone, role_id, "
            "detail, state, nonce, claimed_at) "
            "SELECT guild_id, id, $1, $2, $3, $4, 'claimed', $5, $6 FROM groups "
            "WHERE guild_id = $7 AND id = $8 "
            f"ON CONFLICT (group_id, user_id, milestone) DO NOTHING RETURNING {GRANT_COLS}",
            user_id,
            milestone,
            role_id,
            detail,
            nonce,
            aware(now),
            guild_id,
            group_id,
        )
        return None if row is None else grant_from_row(row)

    async def mark_granted(self, key: Key, now: datetime) -> None:
        await self._db.write(
            "UPDATE milestone_grants SET state = 'granted', granted_at = $1, error = NULL "
            f"WHERE {_by_key(2)} AND state = 'claimed'",
            aware(now),
            *key,
        )

    async def refuse_grant(self, key: Key, error: str) -> None:
        await self._db.write(
            "UPDATE milestone_grants SET state = 'refused', error = $1 "
            f"WHERE {_by_key(2)} AND state = 'claimed'",
            error,
            *key,
        )

    async def record_grant_attempt(
        self, key: Key, search_from: datetime, attempt_at: datetime
    ) -> None:
        await self._db.write(
            "UPDATE milestone_grants SET search_from = $1, attempt_at = $2 "
            f"WHERE {_by_key(3)} AND state = 'granted'",
            aware(search_from),
            aware(attempt_at),
            *key,
        )

    async def confirm_grant_announced(self, key: Key, message_id: int, now: datetime) -> None:
        await self._db.write(
            "UPDATE milestone_grants SET state = 'announced', message_id = $1, "
            f"announced_at = $2 WHERE {_by_key(3)} AND state = 'granted'",
            message_id,
            aware(now),
            *key,
        )

    async def grants(self, guild_id: int, group_id: int, user_id: int | None = None) -> list[Grant]:
        rows = await self._db.all(
            f"SELECT {GRANT_COLS} FROM milestone_grants WHERE guild_id = $1 AND group_id = $2 "
            "AND ($3::BIGINT IS NULL OR user_id = $3) ORDER BY user_id, milestone",
            guild_id,
            group_id,
            user_id,
        )
        return [grant_from_row(r) for r in rows]

    async def refused_grants(self, guild_id: int, group_id: int) -> dict[str, int]:
        rows = await self._db.all(
            "SELECT milestone, COUNT(*) AS n FROM milestone_grants WHERE guild_id = $1 "
            "AND group_id = $2 AND state = 'refused' GROUP BY milestone",
            guild_id,
            group_id,
        )
        return {r["milestone"]: r["n"] for r in rows}

    async def unsettled_grants_all_guilds(self, shards: ShardSet) -> list[Grant]:
        rows = await self._db.all(
            f"SELECT {', '.join('m.' + c for c in GRANT_COLS.split(', '))} "
            "FROM milestone_grants AS m JOIN groups AS g "
            "ON g.guild_id = m.guild_id AND g.id = m.group_id "
            "WHERE m.state IN ('claimed', 'granted') AND g.state <> 'stopped' "
            f"AND {shard_condition(shards, 'm.guild_id')} "
            "ORDER BY m.group_id, m.user_id, m.milestone"
        )
        return [grant_from_row(r) for r in rows]

    async def milestone_members_all_guilds(self, shards: ShardSet) -> list[tuple[int, int, int]]:
        rows = await self._db.all(
            "SELECT m.guild_id, m.group_id, m.user_id FROM members AS m "
            "JOIN groups AS g ON g.guild_id = m.guild_id AND g.id = m.group_id "
            "WHERE m.left_at IS NULL AND g.state IN ('active', 'paused') "
            f"AND {shard_condition(shards, 'm.guild_id')} "
            "AND EXISTS (SELECT 1 FROM milestone_roles AS r "
            "WHERE r.guild_id = m.guild_id AND r.group_id = m.group_id) "
            "ORDER BY m.group_id, m.user_id"
        )
        return [(r["guild_id"], r["group_id"], r["user_id"]) for r in rows]
