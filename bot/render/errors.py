"""Errors in words: every :class:`~bot.errors.UserFacingError` explained in the reader's
language, saying what is accepted and how to go on (:func:`explain`, one case per error)."""

from __future__ import annotations

from bot import errors as E
from bot.limits import CONTENT_MAX
from bot.locale import Lang
from bot.render.catalog import Catalog, for_lang
from bot.render.discord_parts import Message, clip
from bot.render.inputs import echo, explain_input
from bot.render.milestones import explain_milestone
from bot.render.settings import explain_setting
from bot.render.streaks import explain_break


def _codes(t: Catalog, items: tuple[str, ...] | list[str]) -> str:
    return t.list(f"`{item}`" for item in items)


def explain(error: E.UserFacingError, t: Catalog) -> str:
    """What ``error`` means for the person who caused it, and what to do."""
    match error:
        case E.ServersOnly():
            return t.gettext("studybot works in servers only, not in direct messages.")
        case E.NotAllowedHere():
            return t.gettext("You cannot use this command here.")
        case E.NotManager():
            return t.gettext(
                "Only members with the **Manage Server** permission can do this. "
                "Ask a server admin, or have one give you that permission."
            )
        case E.StaleButton():
            return t.gettext("This button is not valid any more.")
        case E.ForeignButton():
            return t.gettext("This button does not belong to a group in this channel.")
        case E.ClickRaced():
            return t.gettext("That click crossed another change. Please click again.")
        case E.StorageUnavailableError():
            return t.gettext(
                "I can't save anything right now (the bot's storage is full or read-only), so "
                "nothing was changed. Please tell a server admin; try again later."
            )
        case E.UnknownRoadmap(typed=typed, available=available):
            return t.gettext(
                "There is no roadmap {typed}. Available: {available}. "
                "See them all with `/roadmap list`.",
                typed=echo(typed),
                available=_codes(t, available) if available else t.gettext("none"),
            )
        case E.RoadmapNotLoaded(roadmap_id=roadmap_id):
            return t.gettext(
                "This group runs the roadmap `{roadmap}`, which is not loaded right now (its file "
                "is missing or invalid). An admin can check it with `studybot roadmaps check`.",
                roadmap=roadmap_id,
            )
        case E.DayOutOfRange(roadmap_id=roadmap_id, total_days=total, asked=asked):
            return t.gettext(
                "`{roadmap}` has days 1 to {total}; you asked for day {asked}. "
                "Example: `/roadmap preview id:{roadmap} day:2`.",
                roadmap=roadmap_id,
                total=total,
                asked=asked,
            )
        case E.NoSuchDay():
            return t.gettext("That day is not part of this roadmap.")
        case E.NoSuchTask():
            return t.gettext("That task is not part of this day.")
        case E.DayNotReleased(day=day):
            return t.gettext("Day {day} has not been released yet.", day=day)
        case E.NoGroupHere(command="progress"):
            return t.gettext(
                "No roadmap is running in this channel. Run `/progress` in your group's channel."
            )
        case E.NoGroupHere():
            return t.gettext(
                "No roadmap is running in this channel. Start one with `/roadmap start` "
                "(needs Manage Server), or see `/roadmap list`."
            )
        case E.ChannelBusy(roadmap_id=roadmap_id, started=started):
            return t.gettext(
                "This channel already runs `{roadmap}` (started {started}). One roadmap per "
                "channel: stop it with `/roadmap stop` first, or start the new one in another "
                "channel.",
                roadmap=roadmap_id,
                started=t.date(started),
            )
        case E.BadPace(pace_max=pace_max):
            return t.gettext(
                "Pace is the number of days per roadmap day: 1 to {max}. Example: 2.", max=pace_max
            )
        case E.UnknownLanguage(typed=typed, available=available):
            return t.gettext(
                "I don't speak {typed}. Available: {available}.",
                typed=echo(typed),
                available=_codes(t, available),
            )
        case E.AlreadyPaused():
            return t.gettext("This group is already paused. Resume it with `/roadmap resume`.")
        case E.NotPaused():
            return t.gettext("This group is not paused; nothing to resume.")
        case E.NothingToEdit():
            return t.gettext(
                "Give a new `time`, a new `timezone`, a new `language`, or several. Example: "
                "`/roadmap edit time:8:30pm timezone:Asia/Shanghai`."
            )
        case E.GroupNotHere():
            return t.gettext("That group is not running in this channel.")
        case E.GroupEnded(roadmap_id=roadmap_id, state="finished"):
            return t.gettext("The `{roadmap}` group has already finished.", roadmap=roadmap_id)
        case E.GroupEnded(roadmap_id=roadmap_id):
            return t.gettext("The `{roadmap}` group is already stopped.", roadmap=roadmap_id)
        case E.GroupStopped(roadmap_id=roadmap_id):
            return t.gettext(
                "The `{roadmap}` group in this channel was stopped, so nothing is recorded any "
                "more. Its progress is kept.",
                roadmap=roadmap_id,
            )
        case E.NotInAnyGroup(here=None):
            return t.gettext(
                "You are not in a study group in this server yet. See what runs here with "
                "`/roadmap list`, then `/join`."
            )
        case E.NotInAnyGroup(here=here):
            return t.gettext(
                "You are not in a study group in this server yet. This channel runs `{roadmap}`: "
                "`/join roadmap:{roadmap}`.",
                roadmap=here,
            )
        case E.SeveralGroups(groups=groups):
            channels = t.list(f"<#{channel}> (`{roadmap}`)" for channel, roadmap in groups)
            return t.gettext(
                "You are in several groups: {channels}. Run this in the channel of the one you "
                "mean.",
                channels=channels,
            )
        case E.UnknownGroup():
            return t.gettext("That group does not exist in this server.")
        case E.NotMember(roadmap_id=roadmap_id):
            return t.gettext("You are not in the `{roadmap}` group.", roadmap=roadmap_id)
        case E.NotInGroup(user_id=user_id, roadmap_id=roadmap_id):
            return t.gettext(
                "<@{user}> is not in this channel's `{roadmap}` group.",
                user=user_id,
                roadmap=roadmap_id,
            )
        case E.NoMembership():
            return t.gettext(
                "You are not in a study group in this server yet: `/join` one first, then set "
                "your timezone."
            )
        case E.JoinFirst(roadmap_id=roadmap_id):
            return t.gettext(
                "Join the group first: `/join roadmap:{roadmap}`, then check in.",
                roadmap=roadmap_id,
            )
        case E.NoteTooLong(limit=limit):
            return t.gettext(
                "A check-in note can be at most {limit} characters.", limit=t.number(limit)
            )
        case E.BadMinutes(limit=limit):
            return t.gettext(
                "Minutes must be between 0 and {limit} (a whole day). Example: 45.", limit=limit
            )
        case (
            E.BadTime()
            | E.BadStartDate()
            | E.NotOnCalendar()
            | E.StartTooFar()
            | E.AmbiguousDate()
            | E.UnknownTimezone()
            | E.AmbiguousTimezone()
            | E.BadOffset()
        ):
            return explain_input(error, t)
        case E.UnknownSetting() | E.BadSettingValue():
            return explain_setting(error, t) or unexpected(t, None)
        case (
            E.BadBreakDate()
            | E.AmbiguousBreakDate()
            | E.BreakInPast()
            | E.BreakEndsBeforeStart()
            | E.BreakTooLong()
            | E.BreakOverlaps()
            | E.BreakOptionsClash()
            | E.NoBreakToCancel()
        ):
            return explain_break(error, t) or unexpected(t, None)
        case E.MilestoneNeeded() | E.ManageRolesMissing() | E.RoleNotGrantable():
            return explain_milestone(error, t) or unexpected(t, None)
    return unexpected(t, None)


def unexpected(t: Catalog, code: str | None) -> str:
    """What any other failure says: a reference code that is also in the log."""
    if code is None:
        return t.gettext("Sorry, something went wrong on our side. Please try again.")
    return t.gettext(
        "Sorry, something went wrong on our side (reference `{code}`). Please try again.",
        code=code,
    )


def error_reply(error: E.UserFacingError, lang: Lang) -> Message:
    return Message(content=clip(explain(error, for_lang(lang)), CONTENT_MAX))


def unexpected_reply(code: str, lang: Lang) -> Message:
    return Message(content=clip(unexpected(for_lang(lang), code), CONTENT_MAX))
