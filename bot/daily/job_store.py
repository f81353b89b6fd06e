"""APScheduler's in-memory job store, with the jobs of one fire instant kept together.

APScheduler's ``MemoryJobStore`` keeps one list of every job sorted by (next fire time, id), so
adding, moving or removing a job shifts the part of the list behind it. Start-up adds one or
more jobs per group, and over 25,000 groups in a process (bench row 9) those shifts grew with
the square of the count. Groups share their fire instants (post times, digest times), so this
store keeps the distinct instants in a sorted list and each instant's jobs in a dict: adding,
moving or removing a job is a dict operation, plus a short list insert for a new instant.

What the scheduler reads is unchanged: jobs in (next fire time, id) order, jobs without one
(paused) last, and the same errors (``ConflictingIdError``, ``JobLookupError``).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from datetime import datetime

from apscheduler.job import Job
from apscheduler.jobstores.base import ConflictingIdError, JobLookupError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.util import datetime_to_utc_timestamp


class InstantJobStore(MemoryJobStore):  # type: ignore[misc]  # APScheduler has no types
    """``MemoryJobStore`` with jobs grouped by their next fire instant (see the module)."""

    def __init__(self) -> None:
        super().__init__()
        self._times: list[float] = []
        """The distinct next fire instants (UTC timestamps), ascending."""
        self._at: dict[float | None, dict[str, Job]] = {}
        """Each instant's jobs by id; ``None``: jobs without a next fire time."""
        self._ordered: dict[float | None, list[Job]] = {}
        """Each instant's jobs sorted by id, kept until a job comes or goes at that instant."""

    def get_due_jobs(self, now: datetime) -> list[Job]:
        now_timestamp = datetime_to_utc_timestamp(now)
        due: list[Job] = []
        for timestamp in self._times:
            if timestamp > now_timestamp:
                break
            due += self._by_id(timestamp)
        return due

    def get_next_run_time(self) -> datetime | None:
        if not self._times:
            return None
        next_run_time: datetime | None = self._by_id(self._times[0])[0].next_run_time
        return next_run_time

    def get_all_jobs(self) -> list[Job]:
        found: list[Job] = []
        for timestamp in self._times:
            found += self._by_id(timestamp)
        if None in self._at:
            found += self._by_id(None)
        return found

    def add_job(self, job: Job) -> None:
        if job.id in self._jobs_index:
            raise ConflictingIdError(job.id)
        self._put(job)

    def update_job(self, job: Job) -> None:
        old = self._jobs_index.get(job.id)
        if old is None:
            raise JobLookupError(job.id)
        self._take(job.id, old[1])
        self._put(job)

    def remove_job(self, job_id: str) -> None:
        old = self._jobs_index.pop(job_id, None)
        if old is None:
            raise JobLookupError(job_id)
        self._take(job_id, old[1])

    def remove_all_jobs(self) -> None:
        super().remove_all_jobs()
        self._times = []
        self._at = {}
        self._ordered = {}

    def _put(self, job: Job) -> None:
        timestamp = datetime_to_utc_timestamp(job.next_run_time)
        jobs = self._at.get(timestamp)
        if jobs is None:
            jobs = self._at[timestamp] = {}
            if timestamp is not None:
                insort(self._times, timestamp)
        jobs[job.id] = job
        self._ordered.pop(timestamp, None)
        self._jobs_index[job.id] = (job, timestamp)

    def _take(self, job_id: str, timestamp: float | None) -> None:
        jobs = self._at[timestamp]
        del jobs[job_id]
        self._ordered.pop(timestamp, None)
        if not jobs:
            del self._at[timestamp]
            if timestamp is not None:
                del self._times[bisect_left(self._times, timestamp)]

    def _by_id(self, timestamp: float | None) -> list[Job]:
        ordered = self._ordered.get(timestamp)
        if ordered is None:
            jobs = self._at[timestamp]
            ordered = self._ordered[timestamp] = [jobs[job_id] for job_id in sorted(jobs)]
        return ordered
