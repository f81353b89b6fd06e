"""``/roadmap settings`` and changes announced, end to end.

Settings: the list in the reader's language, a change through the service with the channel
told once in the group's language, bad values answered and nothing changed, the ``value``
autocomplete in the reader's words, non-admins refused.

Announcements: an edit of the post time, a pause and a resume each give the channel ONE short
message (the new time as Discord timestamps); a restart, or a crash after the send and before
the confirmation, never doubles one; a pending one left by a crash is sent by the next start.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.app import StudyBot
from bot.services.announcements import announce
from emulator import Emulator, Scenario
from tests.e2e.conftest import World


@pytest.fixture
def scenario() -> Scenario:
    sc = Scenario()
    hall = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    hall.text_channel("general")
    hall.text_channel("other")
    hall.member("alice", manage_guild=True)
    hall.member("bob", locale="zh-CN")
    hall.member("carol")
    hall.member("mei", locale="zh-CN", manage_guild=True)
    elsewhere = sc.guild("Elsewhere")
    elsewhere.text_channel("lobby")
    elsewhere.member("dave", manage_guild=True)
    return sc


async def settle(studybot: StudyBot, world: World, gid: int) -> None:
    """Wait for what a change sends after its reply (the group's lock orders the runs)."""
    await studybot.daily.announce(world.hall.id, gid)


def notices(emulator: Emulator, channel: Any) -> list[dict[str, Any]]:
    """The channel's announcements: the bot's messages with a Group status button."""
    found = []
    for message in emulator.messages(channel):
        ids = [c["custom_id"] for row in message.get("components") or [] for c in row["components"]]
        if any(i.startswith("studybot:notice:") for i in ids):
            found.append(message)
    return found


async def start(emulator: Emulator, studybot: StudyBot, world: World) -> int:
    await emulator.command(
        world.alice, world.general, "roadmap start", roadmap="14day", time="09:00",
        timezone="America/New_York", start="2026-03-03",
    )  # fmt: skip
    (group,) = await studybot.store.running_groups_all_guilds()
    return group.id


async def test_settings_shown_changed_and_refused(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    gid = await start(emulator, studybot, world)
    mei = world.hall.member_named("mei")

    shown = await emulator.command(world.alice, world.general, "roadmap settings")
    assert shown.ephemeral
    (embed,) = shown.embeds
    names = [f["name"] for f in embed["fields"]]
    assert len(names) == 13 and "Reminders: off" in names and "Digest day: Monday" in names
    assert "Streak freezes per month: 2" in names
    chinese = await emulator.command(mei, world.general, "roadmap settings")
    assert "每月连续打卡保护次数: 2" in [f["name"] for f in chinese.embeds[0]["fields"]]

    # not an admin: refused in their language, nothing shown or changed
    refused = await emulator.command(
        world.bob, world.general, "roadmap settings", setting="reminders", value="on"
    )
    assert refused.embeds == [] and "管理服务器" in refused.content
    assert await studybot.store.group_settings(world.hall.id, gid) == {}

    # a change: the admin's answer, the channel told once in the group's language
    changed = await emulator.command(
        world.alice, world.general, "roadmap settings", setting="freezes_per_month", value="3"
    )
    await settle(studybot, world, gid)
    assert changed.ephemeral
    assert changed.content.startswith("**Streak freezes per month**: 2 → **3**.")
    (told,) = notices(emulator, world.general)
    assert told["content"].startswith("⚙️ **Streak freezes per month** is now **3**.")
    assert await studybot.store.group_settings(world.hall.id, gid) == {"freezes_per_month": "3"}

    # the same value again: nothing changes, nobody is told
    again = await emulator.command(
        world.alice, world.general, "roadmap settings", setting="freezes_per_month", value="3"
    )
    await settle(studybot, world, gid)
    assert "nothing changed" in again.content
    # a bad value: a friendly answer in the reader's language, nothing changed
    bad = await emulator.command(
        mei, world.general, "roadmap settings", setting="freezes_per_month", value="很多"
    )
    await settle(studybot, world, gid)
    assert "没有做任何更改" in bad.content
    assert await studybot.store.group_settings(world.hall.id, gid) == {"freezes_per_month": "3"}
    assert len(notices(emulator, world.general)) == 1

    # the value autocomplete, in the reader's words, with values the setting accepts
    days = await emulator.autocomplete(
        mei, world.general, "roadmap settings", focused="value", value="", setting="digest_weekday"
    )
    assert [c["name"] for c in days][:2] == ["星期一 (1)", "星期二 (2)"]
    flags = await emulator.autocomplete(
        world.alice, world.general, "roadmap settings", focused="value", value="o",
        setting="threads",
    )  # fmt: skip
    assert [(c["name"], c["value"]) for c in flags] == [("on", "on"), ("off", "off")]
    picked = await emulator.command(
        world.alice, world.general, "roadmap settings", setting="digest_weekday", value="5"
    )
    await settle(studybot, world, gid)
    assert "Friday" in picked.content

    # another server's admin cannot reach this group
    lobby = await emulator.command(world.dave, world.lobby, "roadmap settings")
    assert lobby.embeds == [] and "No roadmap is running" in lobby.content


async def test_changes_are_announced_once(
    emulator: Emulator, studybot: StudyBot, world: World
) -> None:
    gid = await start(emulator, studybot, world)
    assert notices(emulator, world.general) == []  # the start's own reply is its announcement

    edited = await emulator.command(world.alice, world.general, "roadmap edit", time="20:30")
    await settle(studybot, world, gid)
    assert edited.ephemeral
    (told,) = notices(emulator, world.general)
    text = told["content"]
    assert "**20:30** (America/New_York)" in text
    stamps = re.findall(r"<t:(\d+):([tF])>", text)
    assert [style for _, style in stamps] == ["t", "F"]
    # day 1 on 2026-03-03 at 20:30 EST is 01:30 UTC the next day
    first = datetime(2026, 3, 4, 1, 30, tzinfo=UTC)
    assert {int(s) for s, _ in stamps} == {int(first.timestamp())}

    await emulator.command(world.alice, world.general, "roadmap pause")
    await settle(studybot, world, gid)
    await emulator.command(world.alice, world.general, "roadmap resume")
    await settle(studybot, world, gid)
    told = notices(emulator, world.general)
    assert len(told) == 3
    assert told[1]["content"].startswith("⏸️") and told[2]["content"].startswith("▶️")
    assert "<t:" in told[2]["content"]

    # the language changes: the message is in the new language
    await emulator.command(world.alice, world.general, "roadmap edit", language="zh")
    await settle(studybot, world, gid)
    assert notices(emulator, world.general)[-1]["content"].startswith("🌐 本小组的帖子现在使用")

    # a restart (reconciliation) sends nothing again
    await studybot.daily.reconcile()
    assert len(notices(emulator, world.general)) == 4

    # the status button under an announcement answers privately, in the reader's language
    status = await emulator.click(world.bob, told[0], f"studybot:notice:{gid}:1")
    assert status.ephemeral and status.embeds[0]["title"].startswith("学习小组状态")


async def test_a_crash_neither_loses_nor_doubles_an_announcement(
    emulator: Emulator, studybot: StudyBot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    gid = await start(emulator, studybot, world)
    store = studybot.store
    group = await store.get_group(world.hall.id, gid)
    assert group is not None

    # the change was committed and its row recorded, then the bot died: the next start sends it
    await announce(store, group, "schedule", studybot.clock())
    await studybot.daily.reconcile()
    assert len(notices(emulator, world.general)) == 1
    await studybot.daily.reconcile()
    assert len(notices(emulator, world.general)) == 1

    # sent, then the bot died before confirming it: the next start finds it, sends nothing
    await announce(store, group, "paused", studybot.clock())
    real = store.settle_announcement

    async def crash(*args: Any) -> None:
        raise ConnectionError("the bot died here")

    monkeypatch.setattr(store, "settle_announcement", crash)
    with pytest.raises(ConnectionError):
        await studybot.daily.announce(world.hall.id, gid)
    assert len(notices(emulator, world.general)) == 2
    monkeypatch.setattr(store, "settle_announcement", real)
    await studybot.daily.reconcile()
    assert len(notices(emulator, world.general)) == 2
    assert await store.pending_announcements(world.hall.id, gid) == []
