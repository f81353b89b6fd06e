"""A group's settings in words: each setting's name, what it does, what values it takes, and
its value as a person reads it; and the answers to a bad setting or value.

``bot.services.settings.SPECS`` says which settings exist; every one has its words here
(``tests/render/test_settings_words.py`` checks that none is missing).
"""

from __future__ import annotations

from typing import Any

from babel import dates

from bot.errors import BadSettingValue, UnknownSetting, UserFacingError
from bot.render.catalog import Catalog
from bot.render.inputs import echo
from bot.services.settings import BOARD_PERIODS, SPECS, Kind, Spec


def setting_name(key: str, t: Catalog) -> str:
    """A setting's short name, as ``/roadmap settings`` lists it."""
    names = {
        "reminders": t.gettext("Reminders"),
        "reminder_time": t.gettext("Default reminder time"),
        "rollcall_mentions": t.gettext("Roll call mentions"),
        "digest": t.gettext("Weekly digest"),
        "digest_weekday": t.gettext("Digest day"),
        "digest_time": t.gettext("Digest time"),
        "digest_names_inactive": t.gettext("Digest names inactive members"),
        "freezes_per_month": t.gettext("Streak freezes per month"),
        "break_limit_days": t.gettext("Longest break (days)"),
        "board": t.gettext("Pinned leaderboard"),
        "board_period": t.gettext("Pinned leaderboard period"),
        "threads": t.gettext("Day threads"),
        "thread_archive_minutes": t.gettext("Day threads archive after"),
    }
    return names[key]


def setting_help(key: str, t: Catalog) -> str:
    """What a setting does, in one sentence."""
    helps = {
        "reminders": t.gettext(
            "Members who have done nothing on a study day get one reminder (each can change "
            "the time or turn it off with `/remind`)."
        ),
        "reminder_time": t.gettext(
            "When members are reminded, in their own timezone, unless they chose a time."
        ),
        "rollcall_mentions": t.gettext(
            "Members whose direct messages are closed are mentioned in the daily roll call "
            "instead; off: named without a ping."
        ),
        "digest": t.gettext("The channel gets a summary of the week."),
        "digest_weekday": t.gettext("The day of the week the digest is posted."),
        "digest_time": t.gettext(
            "The time the digest is posted (the group's post time by default)."
        ),
        "digest_names_inactive": t.gettext(
            "The digest names members with no activity for 3 days or more; off: it counts them."
        ),
        "freezes_per_month": t.gettext(
            "Study days a member may miss each month without losing their streak."
        ),
        "break_limit_days": t.gettext("The longest break a member may announce with `/break`."),
        "board": t.gettext(
            "The channel keeps one pinned leaderboard that the bot updates (needs Manage Messages)."
        ),
        "board_period": t.gettext("What the pinned leaderboard counts."),
        "threads": t.gettext(
            "Each daily post gets a discussion thread (needs Create Public Threads)."
        ),
        "thread_archive_minutes": t.gettext(
            "How long a day thread stays open without new messages."
        ),
    }
    return helps[key]


def _flag(value: bool, t: Catalog) -> str:
    return t.gettext("on") if value else t.gettext("off")


def _period(period: str, t: Catalog) -> str:
    words = {
        "today": t.gettext("today"),
        "week": t.gettext("this week"),
        "month": t.gettext("this month"),
        "all": t.gettext("all time"),
    }
    return words[period]


def _duration(minutes: int, t: Catalog) -> str:
    if minutes < 60 * 24:
        return t.ngettext("{n} hour", "{n} hours", minutes // 60, n=t.number(minutes // 60))
    days = minutes // (60 * 24)
    return t.ngettext("{n} day", "{n} days", days, n=t.number(days))


def weekday_name(weekday: int, t: Catalog) -> str:
    """0 (Monday) to 6 as the reader's language names it (CLDR)."""
    names = dates.get_day_names("wide", locale=t.locale)
    return str(names[weekday])


def value_text(spec: Spec, value: Any, t: Catalog) -> str:
    """A setting's value as a person reads it."""
    if spec.kind is Kind.FLAG:
        return _flag(bool(value), t)
    if spec.kind is Kind.TIME_OR_POST and value is None:
        return t.gettext("the post time")
    if spec.kind in (Kind.TIME, Kind.TIME_OR_POST):
        return t.time(value)
    if spec.kind is Kind.WEEKDAY:
        return weekday_name(int(value), t)
    if spec.kind is Kind.COUNT:
        return t.number(int(value))
    if spec.key == "board_period":
        return _period(str(value), t)
    return _duration(int(value), t)


def accepted_values(spec: Spec, t: Catalog) -> str:
    """What a setting accepts, for its answer to a bad value."""
    if spec.kind is Kind.FLAG:
        return t.gettext("Use `on` or `off`.")
    if spec.kind is Kind.TIME:
        return t.gettext("Use a time like `21:00` or `9pm`.")
    if spec.kind is Kind.TIME_OR_POST:
        return t.gettext("Use a time like `21:00` or `9pm`, or `post` for the group's post time.")
    if spec.kind is Kind.WEEKDAY:
        return t.gettext("Use a day of the week like `monday` (or 1 to 7).")
    if spec.kind is Kind.COUNT:
        return t.gettext(
            "Use a whole number from {low} to {high}.",
            low=t.number(spec.low),
            high=t.number(spec.high),
        )
    if spec.key == "board_period":
        shown = [f"`{p}` ({_period(p, t)})" for p in BOARD_PERIODS]
    else:
        shown = [f"`{c}` ({_duration(int(c), t)})" for c in spec.choices]
    return t.gettext("Use one of: {values}.", values=t.list(shown, style="or"))


def explain_setting(error: UserFacingError, t: Catalog) -> str | None:
    """The answer to a bad setting or value; None for any other error."""
    match error:
        case UnknownSetting(typed=typed):
            return t.gettext(
                "There is no setting {typed}. See them all with `/roadmap settings`.",
                typed=echo(typed),
            )
        case BadSettingValue(key=key, typed=typed):
            return t.gettext(
                "{typed} is not a value for “{setting}”. {accepted} Nothing was changed.",
                typed=echo(typed),
                setting=setting_name(key, t),
                accepted=accepted_values(SPECS[key], t),
            )
    return None
