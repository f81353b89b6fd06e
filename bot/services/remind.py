"""A member's own reminder choice: ``/remind`` (a time in their zone, off, on again) and the
"stop reminding me" button on a reminder or a roll call (README "Reminders").

Anyone in a group chooses for themselves; the group's ``reminders`` setting (an admin's, in
``/roadmap settings``) decides whether the group sends any. Every choice also says the member
wants DMs again (a refused DM had switched them to the roll call).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time

from bot.errors import ForeignButton, JoinFirst
from bot.services.context import Actor, member_group
from bot.services.inputs.times import parse_time
from bot.services.settings import load_settings
from bot.store import Group, Store
from bot.store.features.reminders import ReminderPref


@dataclass(frozen=True, slots=True)
class RemindOutcome:
    group: Group
    pref: ReminderPref
    at: time
    """When the member is reminded, in ``timezone`` (their choice, else the group's)."""
    timezone: str
    group_on: bool
    """Whether the group sends reminders at all (its ``reminders`` setting)."""


async def _outcome(store: Store, group: Group, pref: ReminderPref, zone: str) -> RemindOutcome:
    settings = await load_settings(store, group.guild_id, group.id)
    at = pref.remind_at or settings.reminder_time
    return RemindOutcome(group, pref, at, zone, settings.reminders)


async def remind(
    store: Store,
    actor: Actor,
    now: datetime,
    *,
    at: str | None = None,
    enabled: bool | None = None,
) -> RemindOutcome:
    """Set the actor's reminder time (``at``, typed as anywhere else; turns reminders on unless
    ``enabled`` says otherwise) and/or turn them off or on; neither: show the choice."""
    group = await member_group(store, actor)
    member = await store.get_member(actor.guild_id, group.id, actor.user_id)
    if member is None or not member.active:
        raise JoinFirst(group.roadmap_id)
    chosen = parse_time(at) if at is not None else None
    pref = await store.reminder_pref(actor.guild_id, group.id, actor.user_id)
    zone = member.timezone or group.timezone
    if chosen is None and enabled is None:
        return await _outcome(store, group, pref, zone)
    pref = replace(
        pref,
        enabled=enabled if enabled is not None else True,
        remind_at=chosen or pref.remind_at,
        locale=actor.locale,
        dms_closed=False,
    )
    await store.save_reminder_pref(pref, now)
    return await _outcome(store, group, pref, zone)


async def stop(
    store: Store, guild_id: int, group_id: int, user_id: int, locale: str, now: datetime
) -> RemindOutcome:
    """The stop button: the clicker's own reminders in that group end. The ids come from the
    button (a DM has no server); only the clicker's own membership can change, so a forged id
    changes nothing of anyone else's."""
    group = await store.get_group(guild_id, group_id)
    if group is None:
        raise ForeignButton()
    member = await store.get_member(guild_id, group_id, user_id)
    if member is None or not member.active:
        raise JoinFirst(group.roadmap_id)
    pref = await store.reminder_pref(guild_id, group_id, user_id)
    pref = replace(pref, enabled=False, locale=locale)
    await store.save_reminder_pref(pref, now)
    return await _outcome(store, group, pref, member.timezone or group.timezone)
