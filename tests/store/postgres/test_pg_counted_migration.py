"""Migration ``counted_checkins`` on a PostgreSQL database written before it."""

from __future__ import annotations

import asyncpg

from bot.store.postgres import migrate_postgres
from bot.store.postgres.migrate import _LEDGER, load_migrations
from bot.store.target import PostgresTarget
from tests.store.counted_rows import EXPECTED, ROWS


async def test_totals_count_only_counted_checkins_after_the_migration(pg_url: str) -> None:
    migrations = load_migrations()
    mine = next(m.version for m in migrations if m.name.endswith("_counted_checkins.sql"))
    con = await asyncpg.connect(pg_url)
    try:
        await con.execute(_LEDGER)
        for m in migrations[: mine - 1]:
            await con.execute(m.sql)
            await con.execute(
                "INSERT INTO studybot_migrations (version, name) VALUES ($1, $2)", m.version, m.name
            )
        await con.execute(ROWS)
    finally:
        await con.close()
    assert (await migrate_postgres(PostgresTarget(pg_url)))[0] == mine
    con = await asyncpg.connect(pg_url)
    try:
        rows = await con.fetch(
            "SELECT user_id, checkins_done, last_checkin::text, streak FROM members "
            "ORDER BY user_id"
        )
    finally:
        await con.close()
    assert [tuple(r) for r in rows] == EXPECTED
