"""``/roadmap export`` and ``/roadmap calendar`` end to end: the files arrive as multipart
attachments through the emulator; the test downloads them from their urls and parses them (the
CSV with Python's ``csv`` as Excel would read it, the .ics with ``icalendar``).

A ``14day`` group in New York starts Monday 2026-10-26 at 09:00; the US leaves daylight saving
time on Sunday 2026-11-01, inside the calendar's range.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import icalendar
import pytest

from bot.app import StudyBot
from emulator import Emulator, Scenario
from emulator.interactions import Reply
from tests.e2e.conftest import ROADMAPS, FakeClock, World, fire, posts_of

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def scenario() -> Scenario:
    sc = Scenario()
    hall = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    hall.text_channel("general")
    hall.text_channel("other")
    hall.member("alice", manage_guild=True)
    hall.member("bob", locale="zh-CN", nick="小明 🌸")
    hall.member("carol", nick="=HYPERLINK(1)")
    elsewhere = sc.guild("Elsewhere")
    elsewhere.text_channel("lobby")
    elsewhere.member("dave", manage_guild=True)
    return sc


async def download(reply: Reply) -> dict[str, bytes]:
    """Every attachment of the reply by file name, downloaded from its url."""
    files = {}
    async with aiohttp.ClientSession() as session:
        for attachment in reply.attachments:
            async with session.get(attachment["url"]) as got:
                assert got.status == 200
                data = await got.read()
            assert len(data) == attachment["size"]
            files[attachment["filename"]] = data
    return files


def table(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, for Excel"
    assert b"\r\n" in data
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


async def start_group(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> int:
    clock.set(datetime(2026, 10, 26, 12, 0, tzinfo=UTC))
    await emulator.command(
        world.alice,
        world.general,
        "roadmap start",
        roadmap="14day",
        time="09:00",
        timezone="America/New_York",
        start="2026-10-26",
    )
    (group,) = await studybot.store.running_groups_all_guilds()
    for member in (world.bob, world.carol):
        await emulator.command(member, world.general, "join", roadmap="14day")
    return group.id


def tick_ids(post: dict[str, Any]) -> list[str]:
    ids = [c["custom_id"] for row in post["components"] for c in row["components"]]
    return [i for i in ids if i.startswith("studybot:tick:")]


async def test_export_is_a_csv_excel_reads(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    gid = await start_group(emulator, studybot, world, clock)
    bob, carol = world.bob, world.carol
    clock.set(datetime(2026, 10, 26, 13, 1, tzinfo=UTC))  # day 1 posted at 09:00 EDT
    await fire(studybot, gid)
    clock.set(datetime(2026, 10, 27, 13, 1, tzinfo=UTC))
    await fire(studybot, gid)
    day1, day2 = posts_of(emulator, world.general)[-2:]
    for k in range(3):
        await emulator.click(bob, day1, tick_ids(day1)[k])
    await emulator.click(bob, day2, tick_ids(day2)[0])
    await emulator.click(carol, day2, tick_ids(day2)[1])
    await emulator.command(bob, world.general, "checkin", note="学了递归 =1+1", minutes=45)
    await emulator.command(carol, world.general, "checkin", note="=SUM(A1)")

    # not an admin: refused, in the reader's language, no file
    refused = await emulator.command(bob, world.general, "roadmap export")
    assert refused.attachments == [] and "管理服务器" in refused.content

    reply = await emulator.command(world.alice, world.general, "roadmap export")
    assert reply.ephemeral
    assert "2 members" in reply.content and "2 check-ins" in reply.content
    files = await download(reply)
    assert set(files) == {"14day-members.csv", "14day-checkins.csv"}
    members = table(files["14day-members.csv"])
    assert members[0][:10] == [
        "rank", "user id", "name", "joined", "points", "tasks done",
        "tasks released", "check-ins", "minutes", "streak",
    ]  # fmt: skip
    assert members[0][10:] == ["day 1", "day 2"]
    by_id = {row[1]: row for row in members[1:]}
    b, c = by_id[str(bob.id)], by_id[str(carol.id)]
    assert b[2] == "小明 🌸" and c[2] == "'=HYPERLINK(1)"  # never run as a formula
    assert b[0] == "1" and b[3] == "2026-10-26"
    assert (b[5], b[7], b[8], b[9], b[10:]) == ("4", "1", "45", "1", ["3", "1"])
    assert (c[5], c[7], c[8], c[10:]) == ("1", "1", "0", ["0", "1"])
    checkins = table(files["14day-checkins.csv"])
    assert checkins[0] == ["user id", "name", "date", "minutes", "note"]
    rows = {row[0]: row for row in checkins[1:]}
    assert rows[str(bob.id)][2:] == ["2026-10-27", "45", "学了递归 =1+1"]
    assert rows[str(carol.id)][2:] == ["2026-10-27", "", "'=SUM(A1)"]

    # another server's admin sees nothing of this group
    lobby = await emulator.command(world.dave, world.lobby, "roadmap export")
    assert lobby.attachments == [] and "No roadmap is running" in lobby.content


async def test_calendar_keeps_the_wall_time_across_dst(
    emulator: Emulator, studybot: StudyBot, world: World, clock: FakeClock
) -> None:
    await start_group(emulator, studybot, world, clock)
    clock.set(datetime(2026, 10, 28, 14, 0, tzinfo=UTC))  # day 3 released at 09:00 EDT
    reply = await emulator.command(world.bob, world.general, "roadmap calendar")
    assert reply.ephemeral and "<t:" in reply.content
    (attachment,) = reply.attachments
    assert attachment["filename"] == "14day.ics"
    data = (await download(reply))["14day.ics"]
    cal = icalendar.Calendar.from_ical(data)
    events = sorted(cal.events, key=lambda e: e.start)
    roadmap = ROADMAPS["14day"]
    assert [int(str(e["UID"]).rsplit("-", 1)[1]) for e in events] == list(range(4, 15))
    for event in events:
        start = event.start
        assert start.tzinfo is not None and str(start.tzinfo) == "America/New_York"
        assert (start.hour, start.minute) == (9, 0)
    by_day = {e.start.date().isoformat(): e for e in events}
    # 09:00 EDT is 13:00 UTC before the change, 09:00 EST 14:00 UTC after it
    assert by_day["2026-10-29"].start.astimezone(UTC).hour == 13
    assert by_day["2026-11-02"].start.astimezone(UTC).hour == 14
    # the zone's rules travel with the file (RFC 5545), and titles are the group's (English)
    assert b"BEGIN:VTIMEZONE" in data and b"TZID:America/New_York" in data
    day4 = roadmap.day(4)
    assert str(by_day["2026-10-29"]["SUMMARY"]) == f"Day 4/14 · {day4.title.en}"

    # a paused group's dates are unknown: a clear answer, no file
    await emulator.command(world.alice, world.general, "roadmap pause")
    paused = await emulator.command(world.alice, world.general, "roadmap calendar")
    assert paused.attachments == [] and "paused" in paused.content
