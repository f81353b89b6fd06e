"""Per-route rate limit buckets and the global limit, measured in real monotonic time."""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass
class BucketConfig:
    limit: int
    per: float


@dataclass
class _Window:
    limit: int
    per: float
    remaining: int
    reset_at: float  # monotonic


@dataclass
class Verdict:
    """Outcome of a rate-limit check: headers to attach, and whether to answer 429."""

    headers: dict[str, str] = field(default_factory=dict)
    limited: bool = False
    retry_after: float = 0.0
    is_global: bool = False
    scope: str = "user"


class RateLimiter:
    """Discord-like buckets keyed by route template plus its major parameter.

    ``set(route, limit=, per=)`` configures a route (``"POST /channels/{channel_id}/messages"``);
    others use ``default``. The global limit counts every bot-token request except interaction
    callbacks and webhook-token routes.
    """

    def __init__(
        self,
        *,
        default: BucketConfig | None = None,
        global_limit: int = 50,
        global_per: float = 1.0,
        enabled: bool = True,
    ) -> None:
        self.default = default or BucketConfig(limit=50, per=1.0)
        self.routes: dict[str, BucketConfig] = {}
        self.global_limit = global_limit
        self.global_per = global_per
        self.enabled = enabled
        self._windows: dict[str, _Window] = {}
        self._global_count = 0
        self._global_reset = 0.0

    def set(self, route: str, *, limit: int, per: float) -> None:
        self.routes[route] = BucketConfig(limit, per)

    @staticmethod
    def bucket_hash(route: str) -> str:
        return hashlib.sha1(route.encode()).hexdigest()[:16]

    def check(self, route: str, major: str, *, count_global: bool) -> Verdict:
        now = time.monotonic()
        if not self.enabled:
            return Verdict()
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
        cfg = self.routes.get(route, self.default)
        key = f"{route}:{major}"
        win = self._windows.get(key)
        if win is None or now >= win.reset_at:
            win = _Window(cfg.limit, cfg.per, cfg.limit, now + cfg.per)
            self._windows[key] = win
        bucket = self.bucket_hash(route)
        reset_after = max(win.reset_at - now, 0.0)
        if win.remaining <= 0:
            return Verdict(
                headers={
                    "X-RateLimit-Bucket": bucket,
                    "X-RateLimit-Limit": str(win.limit),
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
                    "X-RateLimit-Reset-After": f"{reset_after:.3f}",
                    "X-RateLimit-Scope": "user",
                },
                limited=True,
                retry_after=max(reset_after, 0.001),
            )
        win.remaining -= 1
        return Verdict(
            headers={
                "X-RateLimit-Bucket": bucket,
                "X-RateLimit-Limit": str(win.limit),
                "X-RateLimit-Remaining": str(win.remaining),
                "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
                "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            }
        )


def too_many_requests_headers(verdict: Verdict) -> dict[str, str]:
    headers = dict(verdict.headers)
    headers["Retry-After"] = str(max(1, math.ceil(verdict.retry_after)))
    headers.setdefault("X-RateLimit-Scope", verdict.scope)
    if verdict.is_global:
        headers["X-RateLimit-Global"] = "true"
    return headers
