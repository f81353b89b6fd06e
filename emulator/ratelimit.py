"""Discord's rate limits: per-route buckets keyed by the route's top-level resource, and the
global limit, measured on real time and the emulator's clock, whichever moved further.

Discord documents the global limit (50 requests per second per bot; interaction endpoints are
exempt) and how buckets work (Topics > Rate Limits: per route, per channel, guild or webhook),
but not each route's numbers, which bots must read from the headers. The numbers here are the
ones observed on Discord, and where none is known, 5 per 5 seconds, the usual bucket; a bot
that follows the headers never meets a 429, which is what tests assert (``Emulator.rate_limited``
lists the 429s the limits themselves answered).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BucketConfig:
    limit: int
    per: float
    bucket: str | None = None
    """Routes with the same name share one bucket (per top-level resource)."""


GLOBAL_LIMIT, GLOBAL_PER = 50, 1.0
DEFAULT_BUCKET = BucketConfig(5, 5.0)
MESSAGE = "/channels/{channel_id}/messages/{message_id}"
REACTION = MESSAGE + "/reactions/{emoji_name}/@me"
WEBHOOK = "/webhooks/{webhook_id}/{webhook_token}"
DISCORD_ROUTES: dict[str, BucketConfig] = {
    # 5 messages per 5 s per channel; edits likewise; deletes 5 per second
    "POST /channels/{channel_id}/messages": BucketConfig(5, 5.0),
    f"PATCH {MESSAGE}": BucketConfig(5, 5.0),
    f"DELETE {MESSAGE}": BucketConfig(5, 1.0),
    # the bot's own reactions: one per 0.25 s per channel, adding and removing together
    f"PUT {REACTION}": BucketConfig(1, 0.25, "reactions"),
    f"DELETE {REACTION}": BucketConfig(1, 0.25, "reactions"),
    # webhooks (interaction followups and @original share their properties): 5 per 2 s each
    f"POST {WEBHOOK}": BucketConfig(5, 2.0),
    f"GET {WEBHOOK}/messages/@original": BucketConfig(5, 2.0),
    f"PATCH {WEBHOOK}/messages/@original": BucketConfig(5, 2.0),
    f"DELETE {WEBHOOK}/messages/@original": BucketConfig(5, 2.0),
    f"GET {WEBHOOK}/messages/{{message_id}}": BucketConfig(5, 2.0),
    f"PATCH {WEBHOOK}/messages/{{message_id}}": BucketConfig(5, 2.0),
    f"DELETE {WEBHOOK}/messages/{{message_id}}": BucketConfig(5, 2.0),
}


@dataclass
class _Window:
    limit: int
    per: float
    remaining: int
    reset_at: float  # on the limiter's clock


@dataclass
class Verdict:
    """Outcome of a rate-limit check: headers to attach, and whether to answer 429."""

    headers: dict[str, str] = field(default_factory=dict)
    limited: bool = False
    retry_after: float = 0.0
    is_global: bool = False
    scope: str = "user"


class RateLimiter:
    """Buckets keyed by route (or shared bucket name) plus the route's top-level resource.

    ``set(route, limit=, per=)`` configures a route (``"POST /channels/{channel_id}/messages"``);
    routes not in ``routes`` use ``default``. The global limit counts every bot-token request
    except the interaction endpoints. ``clock`` (seconds) is the emulator's once it runs.
    """

    def __init__(
        self,
        *,
        routes: dict[str, BucketConfig] | None = None,
        default: BucketConfig = DEFAULT_BUCKET,
        global_limit: int = GLOBAL_LIMIT,
        global_per: float = GLOBAL_PER,
        enabled: bool = True,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.default = default
        self.routes: dict[str, BucketConfig] = dict(DISCORD_ROUTES if routes is None else routes)
        self.global_limit = global_limit
        self.global_per = global_per
        self.enabled = enabled
        self.clock = clock
        self._windows: dict[str, _Window] = {}
        self._global_count = 0
        self._global_reset = 0.0
        self._last: tuple[float, float] | None = None  # (real, clock) at the last check
        self._ahead = 0.0  # how far the clock jumped ahead of real time, in all

    def set(self, route: str, *, limit: int, per: float) -> None:
        self.routes[route] = BucketConfig(limit, per)

    def config(self, route: str) -> BucketConfig:
        return self.routes.get(route, self.default)

    @staticmethod
    def bucket_hash(route: str) -> str:
        return hashlib.sha1(route.encode()).hexdigest()[:16]

    def _now(self) -> float:
        """Seconds on real time and the clock, whichever moved further since the last check:
        a clock moved ahead (a simulated day) refills the buckets, a clock standing still (the
        sandbox's between moves) leaves them to real time."""
        real = time.monotonic()
        if self.clock is not None:
            sim = self.clock()
            if self._last is not None:
                last_real, last_sim = self._last
                self._ahead += max(0.0, (sim - last_sim) - (real - last_real))
            self._last = (real, sim)
        return real + self._ahead

    def check(self, route: str, major: str, *, count_global: bool) -> Verdict:
        if not self.enabled:
            return Verdict()
        now = self._now()
        if count_global:
            if now >= self._global_reset:
                self._global_reset = now + self.global_per
                self._global_count = 0
            if self._global_count >= self.global_limit:
                retry = max(self._global_reset - now, 0.001)
                return Verdict(
                    headers={"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"},
                    limited=True,
                    retry_after=retry,
                    is_global=True,
                    scope="global",
                )
            self._global_count += 1
        cfg = self.config(route)
        name = cfg.bucket or route
        key = f"{name}:{major}"
        win = self._windows.get(key)
        # a new window when the last one passed
        if win is None or now >= win.reset_at:
            win = _Window(cfg.limit, cfg.per, cfg.limit, now + cfg.per)
            self._windows[key] = win
        reset_after = max(win.reset_at - now, 0.0)
        headers = {
            "X-RateLimit-Bucket": self.bucket_hash(name),
            "X-RateLimit-Limit": str(win.limit),
            "X-RateLimit-Remaining": str(max(win.remaining - 1, 0)),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        }
        if win.remaining <= 0:
            headers["X-RateLimit-Scope"] = "user"
            return Verdict(headers=headers, limited=True, retry_after=max(reset_after, 0.001))
        win.remaining -= 1
        return Verdict(headers=headers)


def too_many_requests_headers(verdict: Verdict) -> dict[str, str]:
    headers = dict(verdict.headers)
    headers["Retry-After"] = str(max(1, math.ceil(verdict.retry_after)))
    headers.setdefault("X-RateLimit-Scope", verdict.scope)
    if verdict.is_global:
        headers["X-RateLimit-Global"] = "true"
    return headers
