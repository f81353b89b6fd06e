"""``/roadmap calendar`` as an iCalendar (.ics) file, built with ``icalendar``.

One event per remaining day: ``Day 12/90 · <day title>`` in the group's language (the file is
the group's calendar, to share with its members), the day's tasks as the description and a
link to the channel. Events start at the day's post instant on the group's wall clock:
``DTSTART;TZID=<zone>`` with the zone's ``VTIMEZONE`` (RFC 5545 requires it; ``icalendar``
adds it from the zone's rules over the calendar's dates), so a calendar app shows 09:00 on both
sides of a DST change and converts correctly for a reader elsewhere. A group on a fixed offset
(``UTC+08:00``) has no IANA zone: its events are written in UTC. Each event's UID names the
server, group and day, so importing a newer calendar updates the same events instead of
doubling them. An event lasts the day's estimated minutes (30 minutes when it has none).

Size: at most ``ROADMAP_DAYS_MAX`` events of bounded texts, a few hundred kB, far below
``ATTACHMENT_SIZE_MAX`` (``tests/render/test_calendar.py`` builds the widest).
"""

from __future__ import annotations

import zoneinfo
from datetime import timedelta

from bot.limits import CONTENT_MAX
from bot.locale import Lang
from bot.render.catalog import for_lang
from bot.render.days import day_text
from bot.render.discord_parts import Message, clip, ts, upload
from bot.services.exports import GroupCalendar
from bot.services.zones import zone

DEFAULT_LENGTH = timedelta(minutes=30)
PRODID = "-//studybot//roadmap calendar//EN"


def ics(calendar: GroupCalendar, lang: Lang) -> bytes:
    """The calendar file; ``lang`` is the group's language."""
    import icalendar  # here, not at start-up: about 0.15 s of imports only this command needs

    t = for_lang(lang)
    group, roadmap = calendar.group, calendar.roadmap
    tz = zone(group.timezone)
    wall = tz if isinstance(tz, zoneinfo.ZoneInfo) else None
    cal = icalendar.Calendar.new(
        prodid=PRODID,
        name=roadmap.title.get(lang),
        uid=f"studybot-{group.guild_id}-{group.id}",
    )
    link = f"https://discord.com/channels/{group.guild_id}/{group.channel_id}"
    for entry in calendar.days:
        day = entry.day
        start = entry.start.astimezone(wall) if wall is not None else entry.start
        length = timedelta(minutes=day.minutes) if day.minutes else DEFAULT_LENGTH
        cal.add_component(
            icalendar.Event.new(
                uid=f"studybot-{group.guild_id}-{group.id}-day-{day.number}",
                stamp=calendar.made_at,
                start=start,
                end=start + length,
                summary=t.gettext(
                    "Day {day}/{total} · {title}",
                    day=day.number,
                    total=roadmap.total_days,
                    title=day.title.get(lang),
                ),
                description=day_text(roadmap, day, lang),
                url=link,
            )
        )
    if wall is not None and calendar.days:
        first = calendar.days[0].start.date() - timedelta(days=1)
        last = calendar.days[-1].start.date() + timedelta(days=2)
        cal.add_missing_timezones(first, last)
    data: bytes = cal.to_ical()
    return data


def calendar_reply(calendar: GroupCalendar, reader: Lang, group_lang: Lang) -> Message:
    """The private reply with the .ics file (events in ``group_lang``, words in ``reader``)."""
    t = for_lang(reader)
    roadmap = calendar.roadmap
    first, last = calendar.days[0], calendar.days[-1]
    content = t.gettext(
        "Calendar of **{title}**: {days} from day {first} ({when}) to day {last}, at the "
        "group's post time in {zone}. Import the file into your calendar app; importing a "
        "newer one updates the same events.",
        title=roadmap.title.get(reader),
        days=t.ngettext("{n} day", "{n} days", len(calendar.days)),
        first=first.day.number,
        when=ts(first.start, "F"),
        last=last.day.number,
        zone=calendar.group.timezone,
    )
    alt = t.gettext("Remaining days of {roadmap} as calendar events", roadmap=roadmap.id)
    data = ics(calendar, group_lang)
    return Message(
        content=clip(content, CONTENT_MAX), files=[upload(f"{roadmap.id}.ics", data, alt)]
    )
