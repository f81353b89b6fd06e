"""The export's CSV files and the calendar's .ics: encoding for Excel, formulas kept as text,
tables split within the attachment limit (and refused past ten files), the calendar's events
at the group's wall time in both languages, all within Discord's limits."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, timedelta

import icalendar
import pytest

from bot.errors import ExportTooLarge
from bot.render.calendar import calendar_reply, ics
from bot.render.exports import BOM, csv_parts, export_reply, safe_cell
from bot.services.exports import CalendarDay, GroupCalendar, GroupExport, MemberExport
from bot.services.progress import Row
from bot.services.schedule import post_instant
from bot.store import Checkin
from tests.render.checks import MAX_GROUP, NOW, ROADMAPS, check, make_group


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_cells_a_member_wrote_never_run_as_formulas() -> None:
    for text in ("=1+1", "+SUM(A1)", "-2", "@cmd", "\tx"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("学了 =1") == "学了 =1" and safe_cell("") == ""


def test_a_table_splits_at_rows_with_its_header_in_each_part() -> None:
    header = ["user id", "note"]
    body = [[n, "笔记" * 20] for n in range(200)]
    parts = csv_parts(header, body, 2000)
    assert len(parts) > 3 and all(len(p) <= 2000 for p in parts)
    read = [rows(p) for p in parts]
    assert all(r[0] == header for r in read)
    assert [int(r[0]) for part in read for r in part[1:]] == list(range(200))
    assert csv_parts(header, [], 2000) == [BOM + b"user id,note\r\n"]
    with pytest.raises(ValueError):
        csv_parts(header, [[1, "x" * 5000]], 2000)


def export(members: int, checkins: int) -> GroupExport:
    roadmap = ROADMAPS["3month"]
    group = make_group("3month")
    day = roadmap.total_days
    people = tuple(
        MemberExport(
            Row(n + 1, MAX_GROUP - n, 300, 300, 90, 90, 9999),
            date(2026, 3, 2),
            5400,
            {d: 3 for d in range(1, day + 1)},
        )
        for n in range(members)
    )
    notes = tuple(
        Checkin(
            MAX_GROUP,
            group.id,
            MAX_GROUP - n % members,
            date(2026, 3, 2) + timedelta(n),
            "=笔记" * 166,
            1440,
            NOW,
            NOW,
        )
        for n in range(checkins)
    )
    return GroupExport(group, roadmap, day, people, notes)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_export_reply_in_both_languages(lang: str) -> None:
    data = export(3, 5)
    names = {MAX_GROUP: "小明 🌸", MAX_GROUP - 1: "=cmd|' /C calc'!A0"}
    message = export_reply(data, names, lang, 10 * 1024 * 1024)
    check(message)
    assert [f.filename for f in message.files] == ["3month-members.csv", "3month-checkins.csv"]
    members = rows(message.files[0].data)
    assert len(members) == 4 and len(members[0]) == 10 + data.roadmap.total_days
    assert members[1][2] == "小明 🌸" and members[2][2].startswith("'=")
    checkins = rows(message.files[1].data)
    assert len(checkins) == 6 and all(r[4].startswith("'=") for r in checkins[1:])


def test_a_large_export_is_split_and_a_huge_one_refused() -> None:
    data = export(50, 10)
    split = export_reply(data, {}, "en", 8000)
    check(split)
    names = [f.filename for f in split.files]
    assert names[0] == "3month-members-1.csv" and "3month-checkins-1.csv" in names
    assert 4 <= len(names) <= 10 and all(len(f.data) <= 8000 for f in split.files)
    assert "split" in (split.content or "")
    members = [r for f in split.files if "members" in f.filename for r in rows(f.data)[1:]]
    assert len(members) == 50
    with pytest.raises(ExportTooLarge):
        export_reply(data, {}, "en", 1500)


def calendar(timezone: str, days: range, roadmap_id: str = "3month") -> GroupCalendar:
    roadmap = ROADMAPS[roadmap_id]
    group = make_group(roadmap_id, timezone=timezone, language="zh")
    start = date(2026, 3, 2)
    entries = tuple(
        CalendarDay(
            roadmap.day(n),
            roadmap.phase_of(n),
            post_instant(start + timedelta(n), group.post_time, timezone),
        )
        for n in days
    )
    return GroupCalendar(group, roadmap, entries, NOW)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_calendar_events_keep_the_wall_time_across_dst(lang: str) -> None:
    data = calendar("America/New_York", range(1, ROADMAPS["3month"].total_days + 1))
    message = calendar_reply(data, lang, lang)
    check(message)
    (upload,) = message.files
    assert upload.filename == "3month.ics"
    cal = icalendar.Calendar.from_ical(upload.data)
    events = list(cal.events)
    assert len(events) == len(data.days)
    assert {(e.start.hour, e.start.minute) for e in events} == {(9, 0)}
    utc_hours = {e.start.astimezone(UTC).hour for e in events}
    assert utc_hours == {13, 14}  # 2026-03-08: the US moves its clocks
    assert len({str(e["UID"]) for e in events}) == len(events)
    first = ROADMAPS["3month"].day(1)
    assert str(events[0]["SUMMARY"]).endswith(first.title.get(lang))


def test_a_fixed_offset_calendar_is_written_in_utc() -> None:
    data = calendar("UTC+08:00", range(1, 4))
    raw = ics(data, "en")
    assert b"VTIMEZONE" not in raw and b"DTSTART:20260303T010000Z" in raw


def test_the_largest_calendar_fits_one_file() -> None:
    largest = max(ROADMAPS.values(), key=lambda r: r.total_days)
    data = calendar("Asia/Shanghai", range(1, largest.total_days + 1), largest.id)
    message = calendar_reply(data, "zh", "zh")
    check(message)
    # per day a few hundred bytes: even ROADMAP_DAYS_MAX days stay far below 10 MiB
    per_day = len(message.files[0].data) / largest.total_days
    assert per_day * 1000 < 10 * 1024 * 1024 / 4
