"""The reminder DM, the roll call and the replies to ``/remind``, in every language, within
Discord's limits by construction: the roll call of a huge group still fits one message, and it
pings exactly the members it names, or nobody when the group turned mentions off."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.locale import LANGS
from bot.render import ids
from bot.render.reminders import remind_reply, reminder_dm, rollcall_post, status_line
from bot.services.remind import RemindOutcome
from bot.services.reminders import Due, ReminderPlan
from bot.services.settings import DEFAULTS
from bot.store.features.reminders import Reminder, ReminderMember, ReminderPref, RollCall
from tests.render.checks import ROADMAPS, check, make_group

NOW = datetime(2026, 3, 2, 21, 0, tzinfo=UTC)
DAY = date(2026, 3, 2)


def plan(mentions: bool = True) -> ReminderPlan:
    group = make_group("14day")
    settings = DEFAULTS if mentions else DEFAULTS.__class__(rollcall_mentions=False)
    return ReminderPlan(group, settings, ROADMAPS["14day"], (), (), (), None, None)


def due(streak: int) -> Due:
    p = plan()
    row = Reminder(
        p.group.guild_id,
        p.group.id,
        2**63,
        DAY,
        "claimed",
        "rm",
        streak,
        None,
        None,
        NOW,
        None,
        None,
        None,
    )
    pref = ReminderPref(p.group.guild_id, p.group.id, 2**63)
    return Due(row, ReminderMember(2**63, None, pref, None, streak, None))


@pytest.mark.parametrize("lang", LANGS)
def test_the_dm_fits_and_names_the_streak(lang: str) -> None:
    p = plan()
    message = reminder_dm(p, ROADMAPS["14day"], due(12), lang)
    (button,) = check(message)
    assert button["custom_id"] == ids.remind_stop(p.group.guild_id, p.group.id, 20260302)
    assert "12" in (message.content or "")
    quiet = reminder_dm(p, ROADMAPS["14day"], due(0), lang)
    assert "12" not in (quiet.content or "") and "🔥" not in (quiet.content or "")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("mentions", [True, False])
def test_a_huge_roll_call_fits_and_pings_only_whom_it_names(lang: str, mentions: bool) -> None:
    p = plan(mentions)
    users = tuple(2**63 - i for i in range(500))
    call = RollCall(
        p.group.guild_id, p.group.id, DAY, "claimed", "rc", users, None, NOW, None, None, None
    )
    message = rollcall_post(p, ROADMAPS["14day"], call, lang)
    check(message)
    content = message.content or ""
    assert len(content) <= 2000 and "450" in content
    named = [u for u in users if f"<@{u}>" in content]
    assert len(named) == 50
    assert message.mention_users == (tuple(named) if mentions else ())
    allowed = message.allowed_mentions().to_dict()
    assert allowed["parse"] == [] and allowed.get("users", []) == (named if mentions else [])


@pytest.mark.parametrize("lang", LANGS)
def test_remind_replies_and_status(lang: str) -> None:
    group = make_group("14day")
    pref = ReminderPref(group.guild_id, group.id, 5, remind_at=time(20, 30))
    for outcome in (
        RemindOutcome(group, pref, time(20, 30), "Asia/Shanghai", True),
        RemindOutcome(group, pref, time(20, 30), "Asia/Shanghai", False),
        RemindOutcome(
            group, ReminderPref(group.guild_id, group.id, 5, enabled=False), time(21), "UTC", True
        ),
    ):
        check(remind_reply(outcome, lang))
    assert status_line((True, 3, 40), lang) != status_line((False, 0, 0), lang)
