"""A locked database (another writer holds the write lock) is waited for, not turned into a lost
write: a tick clicked while the lock is held is committed once the lock goes, and answered."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from emulator import Emulator
from tests.faults.conftest import Bots, LocalDay, first_tick_id, rows, seed_group

LOCK_HELD_S = 0.5  # how long the writer keeps the lock after the bot started waiting for it


async def test_locked_database_is_waited_for(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay
) -> None:
    g = emulator.scenario.guilds[0]
    ch, m1 = g.channel_named("ch0"), g.member_named("m1")
    gid = await seed_group(
        db, g.id, ch.id, day=today, created_by=g.member_named("alice").id, members=[m1.id]
    )
    bot = await bots.start()
    post = await emulator.wait_for_message(ch, lambda m: bool(m.get("embeds")), timeout=15)
    await bot.wait_log(f"posted group {gid} day 1 as message {post['id']}")

    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        handle = await emulator.click(m1, post, first_tick_id(post), wait=False)
        await bot.wait_log("INSERT INTO ticks")  # the bot is now blocked on the lock (aiosqlite)
        await asyncio.sleep(LOCK_HELD_S)  # keep the lock a little: the bot must wait, not fail
        assert handle.responses == []
        assert rows(db, "SELECT COUNT(*) FROM ticks") == [(0,)]
        writer.execute("COMMIT")
    finally:
        writer.close()
    reply = await handle.wait_reply(10)
    assert "Done" in reply.content
    await bot.stop()
    assert rows(db, "SELECT user_id, day FROM ticks") == [(m1.id, 1)]
    assert "database is locked" not in bot.log
