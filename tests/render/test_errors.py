"""Every typed error is explained in every language, within Discord's limits."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot import errors as E
from bot.locale import LANGS
from bot.render.catalog import for_lang
from bot.render.errors import echo, error_reply, explain, unexpected
from tests.render.checks import CONTENT_MAX, MAX_GROUP, check

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
LONG = "x" * 5000

SAMPLES: list[E.UserFacingError] = [
    E.ServersOnly(),
    E.NotAllowedHere(),
    E.NotManager(),
    E.StaleButton(),
    E.ForeignButton(),
    E.ClickRaced(),
    E.StorageUnavailableError(OSError("disk full")),
    E.UnknownRoadmap(LONG, tuple(f"r{k}" for k in range(500))),
    E.UnknownRoadmap("x", ()),
    E.RoadmapNotLoaded("a" * 32),
    E.DayOutOfRange("a" * 32, 9999, 10000),
    E.NoSuchDay(),
    E.NoSuchTask(),
    E.DayNotReleased(9999),
    E.NoGroupHere(),
    E.NoGroupHere("progress"),
    E.ChannelBusy("a" * 32, TODAY),
    E.BadPace(7),
    E.UnknownLanguage(LONG, ("en", "zh")),
    E.AlreadyPaused(),
    E.NotPaused(),
    E.NothingToEdit(),
    E.GroupNotHere(),
    E.GroupEnded("a" * 32, "stopped"),
    E.GroupEnded("a" * 32, "finished"),
    E.GroupStopped("a" * 32),
    E.NotInAnyGroup(),
    E.NotInAnyGroup("a" * 32),
    E.SeveralGroups(tuple((MAX_GROUP - k, "a" * 32) for k in range(200))),
    E.UnknownGroup(),
    E.NotMember("a" * 32),
    E.NotInGroup(MAX_GROUP, "a" * 32),
    E.NoMembership(),
    E.JoinFirst("a" * 32),
    E.NoteTooLong(500),
    E.BadMinutes(1440),
    E.BadTime(LONG),
    E.BadStartDate(LONG, TODAY),
    E.NotOnCalendar("2026-02-30", TODAY),
    E.StartTooFar(date(2062, 3, 2), TODAY, 366),
    E.UnknownTimezone(LONG, ("Europe/Berlin", "Europe/Paris", "Europe/Madrid")),
    E.UnknownTimezone("qqq"),
    E.BadOffset("UTC+15", "UTC-12:00", "UTC+14:00"),
    E.AmbiguousDate(LONG, (date(2026, 12, 1), date(2027, 1, 12))),
    E.AmbiguousTimezone(LONG, ("America/Chicago", "Asia/Shanghai", "America/Havana"), NOW),
    E.UnknownTimezone("Bejing", ("Asia/Shanghai",), NOW),
    E.UnknownSetting(LONG, ("reminders", "digest")),
    E.BadSettingValue("digest_weekday", LONG),
    E.BadBreakDate(LONG, TODAY),
    E.AmbiguousBreakDate(LONG, (date(2026, 12, 1), date(2027, 1, 12))),
    E.BreakInPast(date(2026, 3, 1), TODAY),
    E.BreakEndsBeforeStart(date(2026, 3, 5), date(2026, 3, 3)),
    E.BreakTooLong(366, 14),
    E.BreakTooLong(15, 14, joined=True),
    E.BreakOverlaps(date(2026, 3, 5), date(2026, 3, 9)),
    E.BreakOptionsClash(cancel=False),
    E.BreakOptionsClash(cancel=True),
    E.NoBreakToCancel(),
]
SAMPLES += [  # milestone roles (issue 15)
    E.MilestoneNeeded(),
    E.ManageRolesMissing(),
    E.RoleNotGrantable(2**64 - 1, "above"),
    E.RoleNotGrantable(2**64 - 1, "managed"),
    E.RoleNotGrantable(2**64 - 1, "everyone"),
]


def all_errors(base: type[E.UserFacingError] = E.UserFacingError) -> set[type[E.UserFacingError]]:
    found = set()
    for sub in base.__subclasses__():
        found |= {sub} | all_errors(sub)
    return found


def test_every_error_has_a_sample() -> None:
    assert {type(s) for s in SAMPLES} == all_errors()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("error", SAMPLES, ids=repr)
def test_every_error_is_explained(error: E.UserFacingError, lang: str) -> None:
    t = for_lang(lang)
    text = explain(error, t)
    assert text != unexpected(t, None), f"{error!r} has no case in explain"
    check(error_reply(error, lang))
    assert len(text) <= CONTENT_MAX or error_reply(error, lang).content != text


def test_inputs_are_echoed_short_and_safe() -> None:
    assert echo("  9pm ") == "`9pm`"
    assert echo("a`b") == "`a'b`"
    assert echo("") == '""'
    assert echo("x" * 100) == "`" + "x" * 39 + "…`"


def test_examples_are_future_dates() -> None:
    text = explain(E.BadStartDate("someday", TODAY), for_lang("en"))
    assert "`2026-04-01`" in text
    assert "`2026-04-01`" in explain(E.BadStartDate("某天", TODAY), for_lang("zh"))
