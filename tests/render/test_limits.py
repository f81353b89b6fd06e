"""Everything bot/render builds fits Discord's limits, for every shipped roadmap day and language.

Checked on the real discord.py objects (``embed.to_dict()``, ``len(embed)``,
``view.to_components()``), so a limit that render's own bookkeeping gets wrong still fails here.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import discord
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.limits import CHECKIN_NOTE_MAX as MAX_NOTE
from bot.render import ids, messages
from bot.render.messages import Message, add_field, clip, embed
from bot.roadmaps import LANGS, Day, Lang, Phase, Roadmap, Task, Text, load_roadmaps
from bot.services.groups import DayPreview, GroupStatus, list_roadmaps
from bot.services.membership import JoinOutcome, TimezoneOutcome
from bot.services.posting import PostPlan, Summary
from bot.services.progress import Leaderboard, MemberProgress, PhaseBar, Row
from bot.services.study import CheckinOutcome, TickOutcome, TodayView
from bot.store import Checkin, Group, Post

REPO = Path(__file__).resolve().parents[2]
ROADMAPS = load_roadmaps(REPO / "roadmaps")
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

MAX_GROUP = 10**19 - 1  # 19 digits
MAX_DAY = 9999
MAX_PAGE = 10**9 - 1  # leaderboard pages of 10: far beyond the largest Discord server
MAX_TASK = "a" + "b-" * 15 + "c"  # 32 characters
BIG = 10**18

CONTENT_MAX = 2000
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
EMBEDS_TOTAL_MAX = 6000
FIELDS_MAX = 25
ROWS_MAX = 5
BUTTONS_PER_ROW = 5
LABEL_MAX = 80
CUSTOM_ID_MAX = 100

TEMPLATES = {
    "tick": ids.TICK,
    "undo": ids.UNDO,
    "checkin": ids.CHECKIN,
    "join": ids.JOIN,
    "leave": ids.LEAVE,
    "stop": ids.STOP,
    "cancel": ids.CANCEL,
    "lb": ids.PAGE_BUTTON,
}


# -- checkers ---------------------------------------------------------------------------------


def check_custom_id(custom_id: str) -> None:
    assert len(custom_id) <= CUSTOM_ID_MAX, custom_id
    parts = custom_id.split(":")
    assert parts[0] == "studybot", custom_id
    template = TEMPLATES[parts[1]]
    assert re.fullmatch(template, custom_id), (custom_id, template)


def check_embed(e: discord.Embed) -> None:
    data = e.to_dict()
    assert len(data.get("title", "")) <= TITLE_MAX
    assert len(data.get("description", "")) <= DESCRIPTION_MAX
    fields = data.get("fields", [])
    assert len(fields) <= FIELDS_MAX
    for f in fields:
        assert 1 <= len(f["name"]) <= FIELD_NAME_MAX, f
        assert 1 <= len(f["value"]) <= FIELD_VALUE_MAX, f
    assert len(data.get("footer", {}).get("text", "")) <= FOOTER_MAX
    assert len(data.get("author", {}).get("name", "")) <= TITLE_MAX
    assert len(e) <= EMBED_TOTAL_MAX
    # len(embed) is discord.py's count; recount from the payload so both agree.
    counted = (
        len(data.get("title", ""))
        + len(data.get("description", ""))
        + sum(len(f["name"]) + len(f["value"]) for f in fields)
        + len(data.get("footer", {}).get("text", ""))
        + len(data.get("author", {}).get("name", ""))
    )
    assert counted == len(e)


def check_view(view: discord.ui.View) -> list[dict[str, Any]]:
    rows = view.to_components()
    assert len(rows) <= ROWS_MAX
    buttons = []
    for row in rows:
        assert row["type"] == 1
        assert 1 <= len(row["components"]) <= BUTTONS_PER_ROW
        for item in row["components"]:
            assert item["type"] == 2
            assert 1 <= len(item.get("label", "")) <= LABEL_MAX, item
            check_custom_id(item["custom_id"])
            buttons.append(item)
    assert len({b["custom_id"] for b in buttons}) == len(buttons), "duplicate custom_id"
    return buttons


def check(message: Message) -> list[dict[str, Any]]:
    """Every limit on one message; returns its buttons."""
    assert message.content is not None or message.embeds, "empty message"
    if message.content is not None:
        assert 1 <= len(message.content) <= CONTENT_MAX
    assert len(message.embeds) <= 10
    for e in message.embeds:
        check_embed(e)
    assert sum(len(e) for e in message.embeds) <= EMBEDS_TOTAL_MAX
    return check_view(message.view) if message.view is not None else []


# -- real dataclasses at their largest ----------------------------------------------------------


def make_group(roadmap_id: str = "3month", *, group_id: int = MAX_GROUP, **kw: Any) -> Group:
    base = Group(
        id=group_id,
        guild_id=MAX_GROUP,
        channel_id=MAX_GROUP,
        roadmap_id=roadmap_id,
        start_date=date(2026, 3, 2),
        post_time=time(9, 0),
        timezone="America/Argentina/ComodRivadavia",
        pace=7,
        weekdays_only=True,
        catch_up=True,
        state="active",
        created_by=MAX_GROUP,
        created_at=NOW,
        ended_at=None,
        problem=None,
    )
    return replace(base, **kw)


def make_post(group: Group, day: int, *, late: bool) -> Post:
    return Post(
        guild_id=group.guild_id,
        group_id=group.id,
        day=day,
        state="claimed",
        nonce=f"sb{group.id}d{day}",
        message_id=None,
        late=late,
        claimed_at=NOW,
        sent_at=None,
        error=None,
    )


def all_days() -> list[tuple[Roadmap, Day]]:
    return [(r, d) for r in ROADMAPS.values() for d in r.days]


def day_id(param: tuple[Roadmap, Day]) -> str:
    return f"{param[0].id}-d{param[1].number}"


def test_shipped_roadmaps_load() -> None:
    assert {"14day", "3month", "7stage", "foundations"} <= set(ROADMAPS)


VARIANTS = [(False, False), (True, False), (True, True), (False, True)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("roadmap", "day"), all_days(), ids=[day_id(p) for p in all_days()])
def test_every_day_fits(roadmap: Roadmap, day: Day, lang: Lang) -> None:
    group = make_group(roadmap.id)
    task_ids = {t.id for t in day.tasks}

    for late, catch_up in VARIANTS:
        plan = PostPlan(
            group=group,
            roadmap=roadmap,
            day=day.number,
            kind="day",
            late=late,
            catch_up=catch_up,
            post=make_post(group, day.number, late=late),
            resend=False,
        )
        post = messages.day_post(plan, lang)
        buttons = check(post)
        assert len(buttons) == len(day.tasks) + 1
        expected = {ids.tick(group.id, day.number, t) for t in task_ids} | {ids.checkin(group.id)}
        assert {b["custom_id"] for b in buttons} == expected
        description = post.embeds[0].description or ""
        if day.number == roadmap.total_days:
            assert "Last day" in description
        if catch_up:
            assert description.startswith("*Catch-up")
        elif late:
            assert description.startswith("*Posted late")

    phase = roadmap.phase_of(day.number)
    check(messages.day_preview(DayPreview(roadmap, day, phase), lang))

    for done in (frozenset(), frozenset(task_ids)):
        for released in {day.number, roadmap.total_days + 1}:
            view = TodayView(group, roadmap, day, done, released, None)
            buttons = check(messages.today_view(view, lang))
            make = ids.undo if done else ids.tick
            assert {b["custom_id"] for b in buttons} == {
                make(group.id, day.number, t) for t in task_ids
            }


@pytest.mark.parametrize("lang", LANGS)
def test_roadmap_level_messages(lang: Lang) -> None:
    check(messages.roadmap_list(list_roadmaps(ROADMAPS), lang))
    check(messages.roadmap_list([], lang))
    for roadmap in ROADMAPS.values():
        group = make_group(roadmap.id)
        before = TodayView(group, roadmap, None, frozenset(), 0, NOW)
        check(messages.today_view(before, lang))
        rows = tuple(Row(k, MAX_GROUP - k, BIG, BIG, BIG, BIG, BIG) for k in range(1, 4))
        summary = Summary(group, roadmap, BIG, 100, rows)
        plan = PostPlan(
            group,
            roadmap,
            roadmap.total_days + 1,
            "summary",
            True,
            True,
            make_post(group, roadmap.total_days + 1, late=True),
            True,
        )
        check(messages.summary_post(summary, plan, lang))


def big_board(roadmap: Roadmap, scope: Any) -> Leaderboard:
    rows = tuple(
        Row(
            rank=k + 1,
            user_id=MAX_GROUP - k,
            done=BIG * 7 + k,
            released=BIG * 7 + 999,
            streak=BIG,
            checkins=BIG,
            points=BIG * 100 - k,
        )
        for k in range(1000)
    )
    return Leaderboard(make_group(roadmap.id), roadmap, scope, MAX_DAY, 1, MAX_DAY, rows)


@pytest.mark.parametrize("scope", ["all", "week", "today"])
@pytest.mark.parametrize("lang", LANGS)
def test_leaderboard_every_page(scope: str, lang: Lang) -> None:
    roadmap = ROADMAPS["3month"]
    board = big_board(roadmap, scope)
    pages = board.page_count(messages.PAGE_SIZE)
    assert pages == 100
    for viewer in (MAX_GROUP, MAX_GROUP - 999, 1):  # first row, last row, not a member
        for page in [-1, *range(pages), pages, MAX_DAY]:
            buttons = check(messages.leaderboard(board, page, viewer, lang))
            assert len(buttons) == 2
    empty = replace(board, rows=())
    assert check(messages.leaderboard(empty, 0, 1, lang)) == []


def test_leaderboard_past_ten_thousand_pages() -> None:
    """A group of 100,010 members has 10,001 pages; its page buttons still match a template."""
    roadmap = ROADMAPS["3month"]
    row = Row(rank=1, user_id=1, done=0, released=0, streak=0, checkins=0, points=0)
    board = replace(big_board(roadmap, "all"), rows=(row,) * 100_010)
    assert board.page_count(messages.PAGE_SIZE) == 10_001
    for page in (9_999, 10_000):
        buttons = check(messages.leaderboard(board, page, 1, "en"))
        assert [int(b["custom_id"].rsplit(":", 1)[1]) for b in buttons] == [
            page - 1,
            min(page + 1, 10_000),
        ]


@pytest.mark.parametrize("lang", LANGS)
def test_member_progress_many_phases(lang: Lang) -> None:
    roadmap = ROADMAPS["3month"]
    phases = tuple(
        PhaseBar(
            Phase(
                number=n,
                title=Text("P" * 100, "阶" * 100),
                first_day=n * 10 + 1,
                last_day=n * 10 + 10,
                goal=Text("g" * 300, "目" * 300),
                notes=Text("n" * 1000, "注" * 1000),
            ),
            done=BIG,
            released=BIG - 1,
            total=BIG,
        )
        for n in range(1, 61)
    )
    row = Row(BIG, MAX_GROUP, BIG, BIG, BIG, BIG, BIG)
    detail = MemberProgress(
        make_group(), roadmap, MAX_GROUP, MAX_DAY, row, phases, tuple(range(1, 1001))
    )
    message = messages.member_progress(detail, lang)
    check(message)
    assert len(message.embeds[0].fields) == messages.FIELDS_MAX
    few = replace(detail, phases=phases[:3], missed_days=tuple(range(1, MAX_DAY + 1)))
    check(messages.member_progress(few, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_status_long_problem(lang: Lang) -> None:
    roadmap = ROADMAPS["3month"]
    problem = "Missing Access: the bot cannot post in this channel. " * 100
    for state in ("active", "paused"):
        group = make_group(state=state, problem=problem)
        for day, next_post in (
            (0, (1, NOW)),
            (5, (6, NOW)),
            (roadmap.total_days + 1, (roadmap.total_days + 1, NOW)),
            (5, None),
        ):
            s = GroupStatus(
                group, roadmap, day, next_post, BIG, BIG, BIG, tuple(range(1, MAX_DAY + 1))
            )
            for started in (False, True):
                message = messages.status(s, lang, started=started)
                check(message)
                names = [f.name for f in message.embeds[0].fields]
                assert "⚠️ Problem" in names


@pytest.mark.parametrize("lang", LANGS)
def test_join_outcomes(lang: Lang) -> None:
    roadmap = ROADMAPS["3month"]
    candidates = tuple(make_group(group_id=MAX_GROUP - k) for k in range(200))
    choose = JoinOutcome("choose", roadmap, None, candidates)
    message = messages.join_outcome(choose, lang)
    check(message)
    assert message.content is not None and message.content.endswith("…")
    group = make_group()
    for kind in ("joined", "rejoined", "already", "none"):
        check(messages.join_outcome(JoinOutcome(kind, roadmap, group, (), BIG), lang))  # type: ignore[arg-type]


def long_task() -> tuple[Task, Day]:
    task = Task(MAX_TASK, Text("T" * 80, "任" * 80), 600, ("https://example.com/" + "x" * 500,))
    day = Day(MAX_DAY, Text("D" * 100, "天" * 100), (task,) * 10)
    return task, day


@pytest.mark.parametrize("lang", LANGS)
def test_tick_reply_long_task(lang: Lang) -> None:
    task, day = long_task()
    group = make_group()
    for kind in ("done", "already", "undone", "not_done", "not_member"):
        for done_today in (0, len(day.tasks)):
            outcome = TickOutcome(kind, group.id, group.roadmap_id, day, task, done_today)  # type: ignore[arg-type]
            buttons = check(messages.tick_reply(outcome, lang))
            if kind == "already":
                assert [b["custom_id"] for b in buttons] == [ids.undo(MAX_GROUP, MAX_DAY, MAX_TASK)]


def test_checkin_reply_long_note() -> None:
    group = make_group()
    for note in ("n" * MAX_NOTE, "笔" * MAX_NOTE, None):
        for minutes in (1440, None):
            checkin = Checkin(
                group.guild_id, group.id, MAX_GROUP, date(2026, 3, 2), note, minutes, NOW, NOW
            )
            outcome = CheckinOutcome(group, checkin, True, BIG, "America/Argentina/ComodRivadavia")
            message = messages.checkin_reply(outcome)
            check(message)
            if note:
                assert note in (message.content or "")


def test_small_replies() -> None:
    long = "x" * 5000
    message = messages.error(long)
    check(message)
    assert message.content == long[: CONTENT_MAX - 1] + "…"
    check(messages.error("short"))
    check(messages.confirm(long, "L" * 200, ids.stop(MAX_GROUP)))
    check(messages.stopped(MAX_TASK))
    check(messages.left(MAX_TASK))
    check(messages.timezone_set(TimezoneOutcome("America/Argentina/ComodRivadavia", BIG)))
    check(messages.timezone_set(TimezoneOutcome(None, 0)))


# -- custom ids -------------------------------------------------------------------------------


MAX_IDS = [
    (ids.TICK, ids.tick(MAX_GROUP, MAX_DAY, MAX_TASK)),
    (ids.UNDO, ids.undo(MAX_GROUP, MAX_DAY, MAX_TASK)),
    (ids.CHECKIN, ids.checkin(MAX_GROUP)),
    (ids.JOIN, ids.join(MAX_GROUP)),
    (ids.LEAVE, ids.leave(MAX_GROUP)),
    (ids.STOP, ids.stop(MAX_GROUP)),
    (ids.CANCEL, ids.cancel()),
    *[(ids.PAGE_BUTTON, ids.page(MAX_GROUP, s, MAX_PAGE)) for s in ("all", "week", "today")],
]


@pytest.mark.parametrize(("template", "custom_id"), MAX_IDS, ids=[c for _, c in MAX_IDS])
def test_max_custom_ids(template: str, custom_id: str) -> None:
    assert len(custom_id) <= CUSTOM_ID_MAX
    match = re.fullmatch(template, custom_id)
    assert match is not None
    found = match.groupdict()
    if "group" in found:
        assert int(found["group"]) == MAX_GROUP
    if "day" in found:
        assert int(found["day"]) == MAX_DAY
    if "task" in found:
        assert found["task"] == MAX_TASK
    if "page" in found:
        assert int(found["page"]) == MAX_PAGE
    check_custom_id(custom_id)


def test_templates_do_not_overlap() -> None:
    """A custom id is claimed by exactly one DynamicItem template."""
    for _, custom_id in MAX_IDS:
        matching = [t for t in TEMPLATES.values() if re.fullmatch(t, custom_id)]
        assert len(matching) == 1, custom_id


def test_shipped_task_ids_fit_the_template() -> None:
    for _, day in all_days():
        for task in day.tasks:
            assert re.fullmatch(ids.TICK, ids.tick(MAX_GROUP, day.number, task.id))


# -- random text through the clipping helpers ---------------------------------------------------

texts = st.one_of(
    st.text(max_size=300),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=40), st.integers(0, 400)),
)


@settings(max_examples=300, deadline=None)
@given(text=texts, limit=st.integers(1, 7000))
def test_clip_never_exceeds(text: str, limit: int) -> None:
    out = clip(text, limit)
    assert len(out) <= limit
    if len(text) <= limit:
        assert out == text
    else:
        assert out.endswith("…") and text.startswith(out[:-1])


@settings(max_examples=200, deadline=None)
@given(
    title=texts,
    description=texts,
    footer=st.one_of(st.none(), texts),
    fields=st.lists(st.tuples(texts, texts, st.booleans()), max_size=40),
)
def test_embed_and_fields_never_exceed(
    title: str,
    description: str,
    footer: str | None,
    fields: list[tuple[str, str, bool]],
) -> None:
    e = embed(title, description, footer=footer)
    check_embed(e)
    for name, value, inline in fields:
        add_field(e, name, value, inline=inline)
        check_embed(e)


def test_embed_all_parts_at_their_maximum() -> None:
    """Title, description and footer each at their own limit still fit the 6000 total."""
    e = embed("t" * 5000, "d" * 5000, footer="f" * 5000)
    check_embed(e)
    for _ in range(30):
        add_field(e, "n" * 300, "v" * 2000)
        check_embed(e)


@pytest.mark.parametrize(
    "custom_id",
    [
        "",
        "studybot",
        "studybot:",
        "studybot:tick",
        "studybot:tick:1:1:",
        "studybot:tick:1:1:a:b",
        "studybot:nope:1",
        "other:tick:1:1:a",
        "studybot:lb:1:month:0",
        "studybot:cancel:1",
        "Studybot:join:1",
    ],
)
def test_unknown_ids_are_not_known(custom_id: str) -> None:
    assert not ids.is_known(custom_id)


def test_every_built_id_is_known() -> None:
    assert all(ids.is_known(custom_id) for _, custom_id in MAX_IDS)
    assert ids.is_known(ids.tick(1, 1, "a"))
