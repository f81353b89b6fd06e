"""Daily posting: the group's jobs, delivering its posts, and the owner that ties them together.

- ``owner``: ``DailyPosts``, the one object the rest of the bot talks to (``changed(group)``
  after any change to a group; ``start``, ``reconcile``, ``stop``, ``close`` from the app);
- ``jobs``: the APScheduler jobs of every group; ``job_ids``: the one job-id scheme;
- ``poster``: claims one group's due posts and delivers each exactly once;
- ``delivery``: exactly-once delivery of one message (search, attempt, send, confirm), for
  every message that must arrive once (posts, the summary; reminders and digests later);
- ``run_gate``: whose run may start (a lock per group, 64 runs at a time, duplicates joined);
- ``channels``: delivery's way to Discord (over a discord.py client), paced by ``pacing``
  (shard processes share the global limit through ``slots``);
- ``tasks``: background tasks that never die silently;
- ``milestones``: milestone roles granted after ticks and check-ins and at start-up, each
  announced once through ``delivery``;
- ``edits``: the edit queue, live edits of the bot's own messages (debounced, durable), and
  ``live``: its ``day`` kind, a day post's live completion.
"""

from bot.daily.channels import DiscordChannels
from bot.daily.job_ids import JobKey, JobKind
from bot.daily.jobs import new_scheduler
from bot.daily.owner import DailyPosts

__all__ = ["DailyPosts", "DiscordChannels", "JobKey", "JobKind", "new_scheduler"]
