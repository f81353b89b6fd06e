"""Every button ``custom_id`` in one place: builders for render, regex templates for the cogs.

The state lives in the id (group, day, task...), so buttons keep working after a restart. Ids
are at most 100 characters by construction: group ids are at most 19 digits, days 4, task ids 32,
leaderboard pages 9.
"""

from __future__ import annotations

import re

GROUP = r"(?P<group>[0-9]{1,19})"
DAY = r"(?P<day>[0-9]{1,4})"
TASK = r"(?P<task>[a-z0-9][a-z0-9-]{0,31})"
SCOPE = r"(?P<scope>all|week|today)"
PAGE = r"(?P<page>[0-9]{1,9})"  # 10 rows a page: room for any server's member count

TICK = rf"studybot:tick:{GROUP}:{DAY}:{TASK}"
UNDO = rf"studybot:undo:{GROUP}:{DAY}:{TASK}"
CHECKIN = rf"studybot:checkin:{GROUP}"
JOIN = rf"studybot:join:{GROUP}"
LEAVE = rf"studybot:leave:{GROUP}"
STOP = rf"studybot:stop:{GROUP}"
CANCEL = r"studybot:cancel"
PAGE_BUTTON = rf"studybot:lb:{GROUP}:{SCOPE}:{PAGE}"

# by the id's second part: every interaction is checked, so one match, not eight
_TEMPLATES = {
    t.split(":")[1]: re.compile(t)
    for t in (TICK, UNDO, CHECKIN, JOIN, LEAVE, STOP, CANCEL, PAGE_BUTTON)
}


def is_known(custom_id: str) -> bool:
    """Whether a registered ``DynamicItem`` handles this id (else no handler would answer)."""
    parts = custom_id.split(":", 2)
    template = _TEMPLATES.get(parts[1]) if len(parts) > 1 and parts[0] == "studybot" else None
    return template is not None and template.fullmatch(custom_id) is not None


def tick(group: int, day: int, task: str) -> str:
    return f"studybot:tick:{group}:{day}:{task}"


def undo(group: int, day: int, task: str) -> str:
    return f"studybot:undo:{group}:{day}:{task}"


def checkin(group: int) -> str:
    return f"studybot:checkin:{group}"


def join(group: int) -> str:
    return f"studybot:join:{group}"


def leave(group: int) -> str:
    return f"studybot:leave:{group}"


def stop(group: int) -> str:
    return f"studybot:stop:{group}"


def cancel() -> str:
    return "studybot:cancel"


def page(group: int, scope: str, number: int) -> str:
    return f"studybot:lb:{group}:{scope}:{number}"
