"""Everything bot/render builds fits Discord's limits, for every shipped roadmap day and language.

Checked on the real discord.py objects (``embed.to_dict()``, ``len(embed)``,
``view.to_components()``), so a limit that render's own bookkeeping gets wrong still fails here.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot import limits
from bot.locale import LANGS, Lang
from bot.render import ids, messages
from bot.render.cards.member import alt_text
from bot.render.catalog import for_lang
from bot.render.discord_parts import ts
from bot.render.progress import PAGE_SIZE, points_rule
from bot.roadmaps import Day, Phase, Roadmap, Task, Text
from bot.roadmaps.model import NO_LINKS
from bot.services.groups import DayPreview, GroupStatus, list_roadmaps
from bot.services.membership import JoinOutcome, TimezoneOutcome
from bot.services.posting import PostPlan, Summary
from bot.services.progress import Leaderboard, MemberProgress, PhaseBar, Row
from bot.services.scoring import points
from bot.services.study import CheckinOutcome, TickOutcome, TodayView
from bot.services.today import TodayClick
from bot.store import Checkin
from tests.render.card_samples import sample_card
from tests.render.checks import (
    BIG,
    CONTENT_MAX,
    FIELDS_MAX,
    MAX_DAY,
    MAX_GROUP,
    MAX_TASK,
    NOW,
    ROADMAPS,
    all_days,
    check,
    day_id,
    make_group,
    make_post,
)


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
        )
        post = messages.day_post(plan, lang)
        buttons = check(post)
        assert len(buttons) == len(day.tasks) + 1
        expected = {ids.tick(group.id, day.number, t) for t in task_ids} | {ids.checkin(group.id)}
        assert {b["custom_id"] for b in buttons} == expected
        description = post.embeds[0].description or ""
        t = for_lang(lang)
        last = t.gettext(
            "🎉 **Last day!** Finish strong: tomorrow the bot posts the group's summary."
        )
        assert (last in description) == (day.number == roadmap.total_days)
        if catch_up:
            note = t.gettext("Catch-up: this day was due {when}.", when=ts(NOW, "D"))
            assert description.startswith(f"*{note}*")
        elif late:
            late_note = t.gettext("Posted late: the bot was offline at the usual time.")
            assert description.startswith(f"*{late_note}*")

    phase = roadmap.phase_of(day.number)
    check(messages.day_preview(DayPreview(roadmap, day, phase), lang))

    for done in (frozenset(), frozenset(task_ids)):
        for released in {day.number, roadmap.total_days + 1}:
            view = TodayView(group, roadmap, day, done, released, None)
            buttons = check(messages.today_view(view, lang))
            assert {b["custom_id"] for b in buttons} == {  # done ones ask before undoing
                ids.today(group.id, day.number, t) for t in task_ids
            }


@pytest.mark.parametrize("lang", LANGS)
def test_roadmap_level_messages(lang: Lang) -> None:
    check(messages.roadmap_list(list_roadmaps(ROADMAPS), lang))
    check(messages.roadmap_list([], lang))
    for choice in messages.roadmap_choices(ROADMAPS.values(), lang):
        title = ROADMAPS[choice.value].title.get(lang)
        assert 1 <= len(choice.name) <= 100 and choice.name.startswith(f"{choice.value} · ")
        assert title[:10] in choice.name  # in the reader's language
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
        )
        [standings] = check(messages.summary_post(summary, plan, lang))
        assert standings["custom_id"] == ids.standings(group.id)


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
    pages = board.page_count(PAGE_SIZE)
    assert pages == 100
    for viewer in (MAX_GROUP, MAX_GROUP - 999, 1):  # first row, last row, not a member
        for page in [-1, *range(pages), pages, MAX_DAY]:
            buttons = check(messages.leaderboard(board, page, viewer, lang))
            assert len(buttons) == 2
    empty = replace(board, rows=())
    assert check(messages.leaderboard(empty, 0, 1, lang)) == []


@pytest.mark.parametrize("scope", ["all", "week", "today", "month"])
@pytest.mark.parametrize("lang", LANGS)
def test_shared_and_pinned_boards(scope: str, lang: Lang) -> None:
    """1,000 members at the widest numbers (more in tests/render/test_board_render.py)."""
    board = big_board(ROADMAPS["3month"], scope)
    assert check(messages.shared_board(board, lang)) == []
    pinned = messages.pinned_board(board, lang, 999_999_999, updated=NOW, cannot_pin=True)
    assert len(check(pinned)) == 1


def test_leaderboard_past_ten_thousand_pages() -> None:
    """A group of 100,010 members has 10,001 pages; its page buttons still match a template."""
    roadmap = ROADMAPS["3month"]
    row = Row(rank=1, user_id=1, done=0, released=0, streak=0, checkins=0, points=0)
    board = replace(big_board(roadmap, "all"), rows=(row,) * 100_010)
    assert board.page_count(PAGE_SIZE) == 10_001
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
    assert len(message.embeds[0].fields) == FIELDS_MAX
    few = replace(detail, phases=phases[:3], missed_days=tuple(range(1, MAX_DAY + 1)))
    check(messages.member_progress(few, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_progress_card_reply(lang: Lang) -> None:
    """The card's reply: one file whose description (the card in words) fits Discord's 1,024
    characters whatever the name; the button that asks for it fits too."""
    card = sample_card()
    alt = alt_text(card, "名" * 5000, lang)
    message = messages.progress_card(b"\x89PNG", alt)
    check(message)
    (upload,) = message.files
    assert upload.description is not None and len(upload.description) == 1024
    assert message.content is None and message.embeds == [] and message.view is None
    short = messages.progress_card(b"\x89PNG", alt_text(card, "Alice", lang))
    assert short.files[0].description == alt_text(card, "Alice", lang)


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
                assert "⚠️ " + for_lang(lang).gettext("Problem") in names


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


@pytest.mark.parametrize("lang", LANGS)
def test_today_after_a_click_long_day(lang: Lang) -> None:
    """The ``/today`` view redrawn after each kind of click: ten long tasks, the undo
    question's Undo and Cancel in place of the task buttons."""
    task, _ = long_task()
    tasks = tuple(replace(task, id=f"{MAX_TASK[:-2]}{k:02d}", links=NO_LINKS) for k in range(10))
    roadmap = ROADMAPS["3month"]
    last = roadmap.total_days
    day = Day(last, Text("D" * 100, "天" * 100), tasks)
    group = make_group()
    view = TodayView(group, roadmap, day, frozenset(t.id for t in tasks[:5]), last + 1, None)
    for kind in ("done", "already", "undone", "not_done", "not_member"):
        outcome = TickOutcome(kind, group.id, group.roadmap_id, day, tasks[0], 10)  # type: ignore[arg-type]
        buttons = check(messages.today_clicked(TodayClick(outcome, view), lang))
        if kind == "already":
            assert [b["custom_id"] for b in buttons] == [
                ids.today_undo(MAX_GROUP, last, tasks[0].id),
                ids.today_back(MAX_GROUP, last),
            ]
        elif kind != "not_member":
            assert len(buttons) == 10
    assert len(check(messages.today_unchanged(view, lang))) == 10


@pytest.mark.parametrize("lang", LANGS)
def test_checkin_reply_long_note(lang: Lang) -> None:
    group = make_group()
    for note in ("n" * limits.CHECKIN_NOTE_MAX, "笔" * limits.CHECKIN_NOTE_MAX, None):
        for minutes in (1440, None):
            checkin = Checkin(
                group.guild_id, group.id, MAX_GROUP, date(2026, 3, 2), note, minutes, NOW, NOW
            )
            outcome = CheckinOutcome(group, checkin, True, BIG, "America/Argentina/ComodRivadavia")
            message = messages.checkin_reply(outcome, lang)
            check(message)
            if note:
                assert note in (message.content or "")


@pytest.mark.parametrize("lang", LANGS)
def test_small_replies(lang: Lang) -> None:
    long = "x" * 5000
    message = messages.confirm(long, "L" * 200, ids.stop(MAX_GROUP), lang)
    check(message)
    assert message.content == long[: CONTENT_MAX - 1] + "…"
    check(messages.stop_question(MAX_TASK, MAX_GROUP, lang))
    check(messages.leave_question(MAX_TASK, MAX_GROUP, lang))
    check(messages.stopped(MAX_TASK, lang))
    check(messages.left(MAX_TASK, lang))
    check(messages.cancelled(lang))
    check(messages.unexpected_reply("abc123", lang))
    check(messages.timezone_set(TimezoneOutcome("America/Argentina/ComodRivadavia", BIG), lang))
    check(messages.timezone_set(TimezoneOutcome(None, 0), lang))
    every = ["view_channel", "send_messages", "embed_links", "read_message_history"]
    for missing in (every, every[:1]):
        warning = messages.missing_permissions_warning(missing, lang)
        assert 1 <= len(warning) <= CONTENT_MAX
    for on in (True, False):  # appended to the start reply's warning, or a field value
        assert len(messages.threads_permission_note(lang, threads_on=on)) <= 1024 - 20


def test_the_points_footer_states_the_scoring_rule() -> None:
    """The numbers the leaderboard's footer gives are the ones ``points`` counts with."""
    footer = points_rule("en")
    found = re.fullmatch(
        r"Points: (\d+) per task, (\d+) per check-in, \+(\d+) per streak day \(max (\d+)\)",
        footer,
    )
    assert found is not None, footer
    per_task, per_checkin, per_day, cap = map(int, found.groups())
    assert points(1, 0, 0) == per_task
    assert points(0, 1, 0) == per_checkin
    assert points(0, 0, 1) == per_day
    assert points(0, 0, 10**6) == cap
    board = messages.leaderboard(big_board(ROADMAPS["3month"], "all"), 0, 1, "en")
    assert board.embeds[0].footer.text == footer


def test_studybots_own_sizes_fit_discords() -> None:
    """What the roadmap schema and the services accept fits what render has to show it in."""
    assert limits.TASKS_PER_DAY_MAX + 1 <= limits.BUTTONS_PER_ROW * limits.ROWS_MAX
    assert limits.TASK_TITLE_MAX <= limits.LABEL_MAX
    assert limits.DAY_TEXT_MAX < limits.DESCRIPTION_MAX
    assert limits.CHECKIN_NOTE_MAX + 200 < limits.CONTENT_MAX
    assert len(str(limits.ROADMAP_DAYS_MAX)) <= len(ids.DAY.longest)
    assert max(len(spec.widest()) for spec in ids.SPECS) <= limits.CUSTOM_ID_MAX


def test_every_builder_is_checked_in_every_language() -> None:
    """Each message builder is called by these tests (parametrized over every language) or by
    ``test_errors.py``; a new builder must be added to them."""
    here = Path(__file__).read_text(encoding="utf-8")
    errors = (Path(__file__).parent / "test_errors.py").read_text(encoding="utf-8")
    builders = set(messages.__all__) - {"Message", "timezone_choices"}
    unchecked = {b for b in builders if f"messages.{b}(" not in here and f"{b}(" not in errors}
    assert unchecked == set()
