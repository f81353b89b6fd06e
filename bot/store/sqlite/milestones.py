"""Milestone roles on SQLite: the mappings (``milestone_roles``) and the grants ledger
(``milestone_grants``); contracts on ``bot.store.features.milestones.MilestoneStore``."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import cast

from bot.shards import ShardSet
from bot.store.features.milestones import Grant, GrantState, MilestoneRole, MilestoneStanding
from bot.store.shard_filter import shard_condition
from bot.store.sqlite.codec import instant, iso
from bot.store.sqlite.connection import SqliteDb

Key = tuple[int, int, int, str]
ROLE_COLS = "guild_id, group_id, milestone, role_id, set_by, set_at"
GRANT_COLS = (
    "guild_id, group_id, user_id, milestone, role_id, detail, state, nonce, claimed_at, "
    "granted_at, search_from, attempt_at, message_id, announced_at, error"
)
BY_KEY = "guild_id = ? AND group_id = ? AND user_id = ? AND milestone = ?"


def role_from_row(row: sqlite3.Row) -> MilestoneRole:
    return MilestoneRole(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        milestone=row["milestone"],
        role_id=row["role_id"],
        set_by=row["set_by"],
        set_at=datetime.fromisoformat(row["set_at"]),
    )


def grant_from_row(row: sqlite3.Row) -> Grant:
    return Grant(
        guild_id=row["guild_id"],
        group_id=row["group_id"],
        user_id=row["user_id"],
        milestone=row["milestone"],
        role_id=row["role_id"],
        detail=row["detail"],
        state=cast(GrantState, row["state"]),
        nonce=row["nonce"],
        claimed_at=datetime.fromisoformat(row["claimed_at"]),
        granted_at=instant(row["granted_at"]),
        search_from=instant(row["search_from"]),
        attempt_at=instant(row["attempt_at"]),
        message_id=row["message_id"],
        announced_at=instant(row["announced_at"]),
        error=row["error"],
    )


class SqliteMilestones:
    def __init__(self, db: SqliteDb) -> None:
        self._db = db

    async def set_milestone_role(
        self, guild_id: int, group_id: int, milestone: str, role_id: int, set_by: int, now: datetime
    ) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                f"INSERT INTO milestone_roles ({ROLE_COLS}) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (group_id, milestone) DO UPDATE SET role_id = excluded.role_id, "
                "set_by = excluded.set_by, set_at = excluded.set_at "
                "WHERE milestone_roles.guild_id = excluded.guild_id",
                (guild_id, group_id, milestone, role_id, set_by, iso(now)),
            )
            await conn.execute(
                "DELETE FROM milestone_grants WHERE guild_id = ? AND group_id = ? "
                "AND milestone = ? AND state = 'refused'",
                (guild_id, group_id, milestone),
            )

    async def clear_milestone_role(self, guild_id: int, group_id: int, milestone: str) -> bool:
        changed = await self._db.write(
            "DELETE FROM milestone_roles WHERE guild_id = ? AND group_id = ? AND milestone = ?",
            (guild_id, group_id, milestone),
        )
        return changed > 0

    async def milestone_roles(self, guild_id: int, group_id: int) -> list[MilestoneRole]:
        rows = await self._db.all(
            f"SELECT {ROLE_COLS} FROM milestone_roles WHERE guild_id = ? AND group_id = ? "
            "ORDER BY milestone",
            (guild_id, group_id),
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
            "WHERE guild_id = ? AND group_id = ? AND user_id = ?",
            (guild_id, group_id, user_id),
        )
        done = await self._db.all(
            "SELECT day, task_id FROM ticks WHERE guild_id = ? AND group_id = ? AND user_id = ?",
            (guild_id, group_id, user_id),
        )
        member = await self._db.one(
            "SELECT left_at, streak FROM members "
            "WHERE guild_id = ? AND group_id = ? AND user_id = ?",
            (guild_id, group_id, user_id),
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
            "SELECT guild_id, id, ?, ?, ?, ?, 'claimed', ?, ? FROM groups "
            "WHERE guild_id = ? AND id = ? "
            f"ON CONFLICT (group_id, user_id, milestone) DO NOTHING RETURNING {GRANT_COLS}",
            (user_id, milestone, role_id, detail, nonce, iso(now), guild_id, group_id),
        )
        return None if row is None else grant_from_row(row)

    async def mark_granted(self, key: Key, now: datetime) -> None:
        await self._db.write(
            "UPDATE milestone_grants SET state = 'granted', granted_at = ?, error = NULL "
            f"WHERE {BY_KEY} AND state = 'claimed'",
            (iso(now), *key),
        )

    async def refuse_grant(self, key: Key, error: str) -> None:
        await self._db.write(
            "UPDATE milestone_grants SET state = 'refused', error = ? "
            f"WHERE {BY_KEY} AND state = 'claimed'",
            (error, *key),
        )

    async def record_grant_attempt(
        self, key: Key, search_from: datetime, attempt_at: datetime
    ) -> None:
        await self._db.write(
            "UPDATE milestone_grants SET search_from = ?, attempt_at = ? "
            f"WHERE {BY_KEY} AND state = 'granted'",
            (iso(search_from), iso(attempt_at), *key),
        )

    async def confirm_grant_announced(self, key: Key, message_id: int, now: datetime) -> None:
        await self._db.write(
            "UPDATE milestone_grants SET state = 'announced', message_id = ?, announced_at = ? "
            f"WHERE {BY_KEY} AND state = 'granted'",
            (message_id, iso(now), *key),
        )

    async def grants(self, guild_id: int, group_id: int, user_id: int | None = None) -> list[Grant]:
        rows = await self._db.all(
            f"SELECT {GRANT_COLS} FROM milestone_grants WHERE guild_id = ? AND group_id = ? "
            "AND (? IS NULL OR user_id = ?) ORDER BY user_id, milestone",
            (guild_id, group_id, user_id, user_id),
        )
        return [grant_from_row(r) for r in rows]

    async def refused_grants(self, guild_id: int, group_id: int) -> dict[str, int]:
        rows = await self._db.all(
            "SELECT milestone, COUNT(*) AS n FROM milestone_grants WHERE guild_id = ? "
            "AND group_id = ? AND state = 'refused' GROUP BY milestone",
            (guild_id, group_id),
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
