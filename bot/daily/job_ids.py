"""The one id scheme for scheduler jobs: ``group:<group id>[:<kind>[:<member id>]]``.

Every job belongs to one group, and its id starts with ``group:<group id>``: the group's daily
job is exactly that (``group:42``); its other jobs add their kind (``group:42:next``,
``group:42:retry``), and a job for one member of the group adds the member too
(``group:42:reminder:1234``). So "every job of group 42" is one prefix, a job id says what it is
for, and the same group, kind and member always give the same id (APScheduler's
``replace_existing`` then replaces rather than doubles a job).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

JobKind = Literal["daily", "next", "retry", "remind", "digest"]
"""``daily``: the ``CronTrigger`` job at the group's local post time. ``next``: the one-shot
job at the exact next release instant. ``retry``: the one-shot job after a transient send
failure. ``remind``: the one-shot job at the group's next reminder instant (any member's;
``bot/daily/reminders.py``). ``digest``: the one-shot job at the group's next weekly digest.
New kinds are added here."""

KINDS: frozenset[str] = frozenset(get_args(JobKind))
PREFIX = "group"


@dataclass(frozen=True, slots=True)
class JobKey:
    """Which job: the group, what the job does for it, and for which member (if one)."""

    group_id: int
    kind: JobKind = "daily"
    member_id: int | None = None

    @property
    def id(self) -> str:
        """The APScheduler job id."""
        parts = [PREFIX, str(self.group_id)]
        if self.kind != "daily" or self.member_id is not None:
            parts.append(self.kind)
        if self.member_id is not None:
            parts.append(str(self.member_id))
        return ":".join(parts)

    @classmethod
    def parse(cls, job_id: str) -> JobKey | None:
        """The key of an id made by ``id``; None for any other id (not one of ours)."""
        parts = job_id.split(":")
        if not 2 <= len(parts) <= 4 or parts[0] != PREFIX or not parts[1].isdigit():
            return None
        kind = parts[2] if len(parts) > 2 else "daily"
        if kind not in KINDS:
            return None
        member: int | None = None
        if len(parts) == 4:
            if not parts[3].isdigit():
                return None
            member = int(parts[3])
        key = cls(int(parts[1]), kind, member)  # type: ignore[arg-type]  # checked: in KINDS
        return key if key.id == job_id else None


def of_group(job_id: str, group_id: int) -> bool:
    """Whether ``job_id`` is one of the group's jobs (a prefix test: cheap over many jobs)."""
    base = JobKey(group_id).id
    return job_id == base or job_id.startswith(base + ":")
