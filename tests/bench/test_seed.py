"""The bench's seed goes through the store's import: what it gathers is what the bot reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.seed import (
    GroupSpec,
    SeedRows,
    insert_groups,
    insert_history,
    insert_members,
    insert_sent_posts,
    seed,
)
from bot.config import SHIPPED_ROADMAPS
from bot.roadmaps import load_roadmaps
from bot.store import Store

GUILD = 10**17


async def test_seeded_rows_are_what_the_store_reads(tmp_path: Path) -> None:
    roadmap = load_roadmaps(SHIPPED_ROADMAPS)["14day"]
    start = datetime(2026, 3, 2, tzinfo=UTC).date()
    created = datetime(2026, 3, 1, tzinfo=UTC)
    users = [GUILD + k for k in range(1, 7)]
    counts: list[tuple[int, int]] = []

    def fill(batch: SeedRows) -> None:
        ids = insert_groups(
            batch,
            [GroupSpec(GUILD, 11, "14day", start), GroupSpec(GUILD, 12, "14day", start)],
            created,
        )
        assert ids == [1, 2]
        insert_members(batch, GUILD, 1, users[:2], created)
        insert_members(batch, GUILD, 2, users, created)
        insert_sent_posts(batch, [(GUILD, 2, d) for d in (1, 2, 3)], created)
        counts.append(insert_history(batch, GUILD, 2, users, roadmap, start, 10))

    db = tmp_path / "seeded.db"
    await seed(db, fill)
    [(tick_count, checkin_count)] = counts
    async with Store.open(db) as store:
        assert [g.channel_id for g in await store.running_groups_all_guilds()] == [11, 12]
        assert [m.user_id for m in await store.members(GUILD, 2)] == users
        assert [(p.day, p.state) for p in await store.posts(GUILD, 2)] == [
            (1, "sent"),
            (2, "sent"),
            (3, "sent"),
        ]
        assert len(await store.ticks(GUILD, 2)) == tick_count > 0
        checkins = await store.checkins(GUILD, 2)
        assert len(checkins) == checkin_count > 0
        totals = await store.member_totals(GUILD, 2)
        assert sum(t.ticks_done for t in totals) == tick_count
        for t in totals:  # a streak as of the latest check-in, as the check-in service stores
            mine = {c.local_date for c in checkins if c.user_id == t.user_id}
            assert t.last_checkin == t.streak_date == (max(mine) if mine else None)
            assert t.streak is None if not mine else 1 <= t.streak <= len(mine)
        assert await store.ticks(GUILD, 1) == []
        assert start + timedelta(days=9) >= max(c.local_date for c in checkins)
