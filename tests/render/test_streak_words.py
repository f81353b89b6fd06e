"""Streak freezes and breaks in words: ``/break``'s answers and the member view's fields fit
Discord's limits in every language, however many breaks and frozen dates there are."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.locale import LANGS, Lang
from bot.render import messages
from bot.render.streaks import break_reply
from bot.services.break_plans import BreakOutcome
from bot.services.progress import MemberProgress, Row
from bot.services.streaks import MemberStreak
from bot.store.features.settings import MemberBreak
from tests.render.checks import BIG, MAX_GROUP, ROADMAPS, check, make_group

TODAY = date(2026, 3, 2)


def breaks(n: int) -> tuple[MemberBreak, ...]:
    made = datetime(2026, 3, 1, tzinfo=UTC)
    return tuple(
        MemberBreak(
            1, MAX_GROUP, 5, TODAY + timedelta(days=3 * k), TODAY + timedelta(3 * k + 1), made
        )
        for k in range(n)
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["added", "listed", "cancelled", "shortened"])
def test_break_replies_fit(lang: Lang, kind: str) -> None:
    many = breaks(300)
    for ahead in (many, ()):
        outcome = BreakOutcome(kind, make_group(), TODAY, 90, many[0], ahead)  # type: ignore[arg-type]
        message = break_reply(outcome, lang)
        check(message)
        assert message.content


@pytest.mark.parametrize("lang", LANGS)
def test_the_member_view_lists_freezes_and_breaks(lang: Lang) -> None:
    frozen = tuple(TODAY - timedelta(days=k) for k in range(500, 0, -1))
    streak = MemberStreak(BIG, 10, 0, frozen, breaks(200), resting=True)
    roadmap = ROADMAPS["3month"]
    row = Row(1, MAX_GROUP, 3, 10, 4, 5, 60)
    progress = MemberProgress(make_group(), roadmap, MAX_GROUP, 10, row, (), (), streak)
    message = messages.member_progress(progress, lang)
    check(message)
    names = [f.name for f in message.embeds[0].fields]
    assert len(names) == 3  # nothing done, freezes, breaks
    if lang == "en":
        value = message.embeds[0].fields[1].value
        assert value is not None and value.startswith(
            "0 of 10 left this month · frozen: 490 earlier"
        )
