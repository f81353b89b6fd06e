"""The shared leaderboard (``/progress share:True``) and the pinned board: both languages,
every label explained, members with nothing done summarised in one line, and Discord's limits
with 500 members and far more (checked on the real discord.py objects)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.locale import LANGS, Lang
from bot.render import ids, messages
from bot.render.board import BOARD_ROWS, legend
from bot.services.progress import PERIODS, Leaderboard, Row
from tests.render.checks import BIG, MAX_DAY, MAX_GROUP, NOW, ROADMAPS, check, make_group


def board(members: int, started: int, period: str = "week", big: bool = False) -> Leaderboard:
    """``members`` rows, the first ``started`` with something done (widest numbers if ``big``)."""
    n = BIG if big else 1
    rows = tuple(
        Row(
            rank=k + 1,
            user_id=MAX_GROUP - k,
            done=(n * 7 + k) if k < started else 0,
            released=n * 7 + 999,
            streak=n if k < started else 0,
            checkins=n if k < started else 0,
            points=(n * 100 - k) if k < started else 0,
        )
        for k in range(members)
    )
    roadmap = ROADMAPS["3month"]
    day = MAX_DAY if big else 5
    return Leaderboard(make_group(roadmap.id), roadmap, period, day, 1, day, rows)  # type: ignore[arg-type]


def description(message: messages.Message) -> str:
    return str(message.embeds[0].description)


def test_rows_then_the_rest_in_one_line_each() -> None:
    text = description(messages.shared_board(board(500, 40), "en"))
    lines = text.splitlines()
    assert lines[0] == "Day 5/84 · last 7 days"
    rows = [line for line in lines if line.startswith("`#")]
    assert len(rows) == BOARD_ROWS + 1  # the rows, and the legend (which starts with `#`)
    assert rows[0] == f"`#1` <@{MAX_GROUP}> · ✅ 7/1,006 · 🔥1 · ✍️1 · **100** pts"
    assert "… and 25 more members with progress: `/progress` shows everyone." in lines
    assert "460 members have not started yet in this period." in lines
    assert "✅ 0/" not in text  # no rows of zeros
    assert lines[-1] == legend("en")


def test_singular_and_nobody() -> None:
    text = description(messages.shared_board(board(BOARD_ROWS + 2, BOARD_ROWS + 1), "en"))
    assert "… and 1 more member with progress: `/progress` shows everyone." in text
    assert "1 member has not started yet in this period." in text
    empty = description(messages.shared_board(board(0, 0), "en"))
    assert "Nobody has joined yet: `/join`." in empty
    assert "not started" not in empty


def test_chinese() -> None:
    message = messages.shared_board(board(30, 3, "month"), "zh")
    text = description(message)
    assert "最近 30 天" in text.splitlines()[0]
    assert "27 名成员在此期间还没有开始。" in text
    assert legend("zh") in text and legend("zh") != legend("en")
    assert message.embeds[0].title is not None and message.embeds[0].title.startswith("排行榜")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("members", [0, 1, 500, 100_000])
def test_within_discords_limits(lang: Lang, period: str, members: int) -> None:
    for big in (False, True):
        b = board(members, members // 2, period, big)
        assert check(messages.shared_board(b, lang)) == []
        for cannot_pin in (False, True):
            pinned = messages.pinned_board(b, lang, 999_999_999, updated=NOW, cannot_pin=cannot_pin)
            [button] = check(pinned)
            assert button["custom_id"] == ids.board(b.group.id, 999_999_999)


@pytest.mark.parametrize("lang", LANGS)
def test_pinned_board_says_when_it_cannot_be_pinned(lang: Lang) -> None:
    b = board(3, 2)
    plain = description(messages.pinned_board(b, lang, 1, updated=NOW, cannot_pin=False))
    warned = description(messages.pinned_board(b, lang, 1, updated=NOW, cannot_pin=True))
    assert "⚠️" not in plain and warned.startswith("⚠️")
    assert f"<t:{int(NOW.timestamp())}:R>" in plain
    without_time = messages.pinned_board(b, lang, 1, updated=None, cannot_pin=False)
    assert "<t:" not in description(without_time)


def test_a_page_of_the_private_leaderboard_over_a_month() -> None:
    b = replace(board(12, 4), scope="month")
    assert "last 30 days" in description(messages.leaderboard(b, 0, MAX_GROUP, "en"))
