"""403 on one group's channel: that group is paused with the reason in the database and in
``/roadmap status``; the other groups post as usual."""

from __future__ import annotations

from pathlib import Path

import pytest

from emulator import Emulator, Scenario
from tests.faults.conftest import (
    Bots,
    LocalDay,
    day_posts,
    hall,
    post_labels,
    posts,
    rows,
    seed_group,
    sends_to,
    wait_db,
)


@pytest.fixture
def scenario() -> Scenario:
    sc = hall(Scenario(), channels=3, members=1)
    sc.guilds[0].channel_named("ch1").deny(send=True)  # the bot may not send in #ch1
    return sc


async def test_403_pauses_only_that_group(
    emulator: Emulator, bots: Bots, db: Path, today: LocalDay
) -> None:
    g = emulator.scenario.guilds[0]
    alice = g.member_named("alice")
    ok0, denied, ok2 = (g.channel_named(f"ch{i}") for i in range(3))
    gids = [
        await seed_group(db, g.id, ch.id, day=today, created_by=alice.id)
        for ch in (ok0, denied, ok2)
    ]

    bot = await bots.start()
    await emulator.wait_until(
        lambda: len(day_posts(emulator, ok0)) == 1 and len(day_posts(emulator, ok2)) == 1,
        15,
        "the other groups' posts",
    )
    await wait_db(
        db,
        lambda d: [p[2] for p in posts(d)] == ["sent", "failed", "sent"],
        10,
        "the denied post marked failed",
    )
    status = await emulator.command(alice, denied, "roadmap status")
    fields = {f["name"]: f["value"] for f in status.embeds[0].get("fields", [])}
    problem = next((v for k, v in fields.items() if "Problem" in k), "")
    assert f"Cannot post in <#{denied.id}>" in problem and "missing access" in problem, fields
    await bot.stop()

    assert emulator.messages(denied) == []
    assert sends_to(emulator, denied) == [403]
    assert post_labels(emulator, ok0) == [f"g{gids[0]} d1"]
    assert post_labels(emulator, ok2) == [f"g{gids[2]} d1"]
    states = rows(db, "SELECT id, state, problem FROM groups ORDER BY id")
    assert [(s[0], s[1]) for s in states] == [
        (gids[0], "active"),
        (gids[1], "paused"),
        (gids[2], "active"),
    ]
    assert states[0][2] is None and states[2][2] is None
    assert states[1][2].startswith("missing_access:")  # typed: explained in the reader's words
    assert [p[:3] for p in posts(db)] == [
        (gids[0], 1, "sent"),
        (gids[1], 1, "failed"),
        (gids[2], 1, "sent"),
    ]
    assert "not posted: ChannelProblem(kind='missing_access'" in bot.log  # logged why
