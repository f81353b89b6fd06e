"""Exactly-once delivery: the one way the bot sends a message that must arrive exactly once,
whatever crash, restart, reconnect or retry comes in between (README "Reliability").

Every such message (a day's post and the summary today; reminders and digests later) is a row
in a ledger of its kind that the service deciding it is due has claimed (a unique key: one
claim per message, ever). For that row, ``deliver_once``:

1. **search**: if the row records a send attempt, Discord may have stored that attempt's message
   without the bot hearing of it (a crash, a reset connection, a timeout). The target channel is
   searched for the bot's own message carrying the row's ``Marker`` among the messages created
   inside ``search_window`` (paged forward with ``after=``, each page paced, at most
   ``SEARCH_PAGES_MAX`` pages). Found: the row is confirmed with that message; nothing is sent.
2. **attempt**: once the request may go (after pacing), the attempt is recorded in the row and
   committed before the request leaves: ``attempt_at`` (now) and ``search_from`` (the earliest
   instant a message of an earlier attempt that the search did not see can carry).
3. **send** with the row's stable nonce and ``enforce_nonce`` (Discord returns the message
   already sent for a repeated nonce within a few minutes), the whole send bounded by
   ``SEND_TIMEOUT``.
4. **confirm** the message id in the row.

A row without a recorded attempt is sent without a search: nothing can have left for it.
``Refused`` (a person must fix the target) and ``SendFailed`` (transient, including a search
that could not finish) propagate to the caller; after a ``SendFailed`` the row stays claimed with
its attempts, and calling ``deliver_once`` again later is always safe.

**The window.** Instants are the bot's clock, snowflakes Discord's; ``CLOCK_SKEW`` bounds the
difference. A message of an attempt that started at ``a`` is created at or after ``a`` and at
the latest ``SEND_TIMEOUT`` (the bot gives up) plus ``SETTLE`` (Discord finishes a request the
bot gave up on, and shows it in history) after it. A search that started at ``s`` and found
nothing saw every message created before ``s - SETTLE``, so a message of an earlier attempt it
missed carries ``s - SETTLE`` or later: that is the next attempt's ``search_from``. Hence the
window ``(search_from - CLOCK_SKEW, attempt_at + SEND_TIMEOUT + SETTLE + CLOCK_SKEW]`` holds
every message any attempt of the row can have produced, however long the bot was down: a few
minutes of the channel, not everything since the claim.

**A new kind** of exactly-once message is a ledger row (the columns of ``posts``: nonce,
``search_from``, ``attempt_at``, message id, state) with a ``Ledger`` adapter, a ``Marker`` (a
button with its own id spec in ``bot/render/ids.py``) and a ``Channel`` to its target (a DM
channel for a member's reminder).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.clock import Clock
from bot.render.messages import Message

log = logging.getLogger(__name__)

CLOCK_SKEW = timedelta(minutes=2)
"""How far the bot's clock may be from Discord's (keep the host's clock synchronised)."""
SEND_TIMEOUT = timedelta(seconds=60)
"""A send, with discord.py's own retries, is given up after this (a transient failure)."""
SETTLE = timedelta(seconds=30)
"""How long Discord may take to store a request the bot gave up on and to show a stored
message in the channel's history."""
SEARCH_PAGE = 100
"""Messages per history request (Discord's maximum)."""
SEARCH_PAGES_MAX = 50
"""A search reads at most this many pages (5,000 messages in a window of a few minutes);
beyond it the search has failed, transiently."""


class Refused(Exception):
    """The target refused the bot (403: missing access or permission; 404: channel gone)."""

    def __init__(self, missing: bool, said: str, code: int = 0) -> None:
        super().__init__(said)
        self.missing = missing
        """True for a 403 (access or permission), False for a 404 (not found)."""
        self.said = said
        """Discord's own words (or the status)."""
        self.code = code
        """Discord's JSON error code (50007: the user accepts no DMs from the bot), 0 if none."""


class SendFailed(Exception):
    """A transient failure (a 5xx discord.py did not retry, a reset connection, a timeout, a
    search that could not finish): the claim stays; deliver again later."""


@dataclass(frozen=True, slots=True)
class Marker:
    """How the bot recognises one exactly-once message among its own in a channel.

    A component's ``custom_id`` equals ``custom_id`` (or, with ``prefix``, starts with it);
    ``legacy_footer`` is the embed footer of messages sent before markers were buttons.
    """

    custom_id: str
    prefix: bool = False
    legacy_footer: str | None = None

    def matches(self, custom_ids: Iterable[str], footers: Iterable[str]) -> bool:
        """Whether a message of the bot with these component ids and embed footers is it."""
        if self.prefix:
            hit = any(c.startswith(self.custom_id) for c in custom_ids)
        else:
            hit = self.custom_id in custom_ids
        return hit or (self.legacy_footer is not None and self.legacy_footer in footers)


@dataclass(frozen=True, slots=True)
class Window:
    """Messages created strictly after ``after`` and at or before ``until``."""

    after: datetime
    until: datetime


def search_window(search_from: datetime, attempt_at: datetime) -> Window:
    """Where every message of a row's attempts can be (see the module docstring)."""
    return Window(search_from - CLOCK_SKEW, attempt_at + SEND_TIMEOUT + SETTLE + CLOCK_SKEW)


class Channel(Protocol):
    """One target of exactly-once messages (a server channel, later a DM channel)."""

    async def find(self, marker: Marker, window: Window) -> int | None:
        """The id of the bot's own message carrying ``marker`` created inside ``window``, oldest
        first; ``SendFailed`` if the window could not be read to its end."""
        ...

    async def send(
        self, message: Message, nonce: str, attempting: Callable[[], Awaitable[None]]
    ) -> int:
        """Send ``message`` with ``nonce``; its id. ``attempting`` is awaited once the request
        may go or is about to (pacing: a shard process's slot is a fraction of a second away)
        and before it goes."""
        ...


class Channels(Protocol):
    async def open(self, channel_id: int) -> Channel: ...

    def server_locale(self, guild_id: int) -> str | None:
        """The server's language if it is known now (cached and available), else None."""
        ...


class Ledger(Protocol):
    """The claimed ledger row of one exactly-once message, as the delivery reads and writes it."""

    @property
    def nonce(self) -> str:
        """Stable for the message (at most 25 characters)."""
        ...

    @property
    def search_from(self) -> datetime | None: ...

    @property
    def attempt_at(self) -> datetime | None:
        """When the latest send attempt started; None: no attempt was ever made."""
        ...

    async def attempting(self, search_from: datetime, attempt_at: datetime) -> None:
        """Record (and commit) a send attempt that starts now."""
        ...

    async def confirm(self, message_id: int, now: datetime) -> None:
        """The message is in the channel as ``message_id``: the row is settled."""
        ...


@dataclass(frozen=True, slots=True)
class Delivered:
    message_id: int
    found: bool
    """An earlier attempt had been stored: it was found in the channel; nothing was sent now."""


async def deliver_once(
    row: Ledger,
    channel: Channel,
    marker: Marker,
    render: Callable[[], Awaitable[Message]],
    clock: Clock,
) -> Delivered:
    """Search (if an attempt was recorded), attempt, send, confirm: see the module docstring.

    ``render`` builds the message only when it is to be sent. Raises ``Refused`` or
    ``SendFailed``; the row then keeps what it recorded.
    """
    search_from: datetime | None = None
    attempt_at: datetime | None = None
    if row.attempt_at is not None:
        started = clock()
        window = search_window(row.search_from or row.attempt_at, row.attempt_at)
        found = await channel.find(marker, window)
        if found is not None:
            await row.confirm(found, clock())
            return Delivered(found, found=True)
        search_from = started - SETTLE
    message = await render()

    async def attempting() -> None:
        nonlocal attempt_at
        attempt_at = clock()
        await row.attempting(search_from or attempt_at, attempt_at)

    message_id = await channel.send(message, row.nonce, attempting)
    await row.confirm(message_id, clock())
    if attempt_at is not None:
        check_clock(message_id, attempt_at)
    return Delivered(message_id, found=False)


DISCORD_EPOCH = datetime(2015, 1, 1, tzinfo=UTC)


def created_at(message_id: int) -> datetime:
    """When Discord created a message, from its id (a snowflake: milliseconds since 2015)."""
    return DISCORD_EPOCH + timedelta(milliseconds=message_id >> 22)


_clock_warned = False


def check_clock(message_id: int, attempt_at: datetime) -> None:
    """Warn (once per process, then at debug level) when Discord stamped a message outside
    the window the rules expect for its attempt: the bot's clock is more than ``CLOCK_SKEW``
    off Discord's, which the search after a crash relies on."""
    global _clock_warned
    created = created_at(message_id)
    window = search_window(attempt_at, attempt_at)
    if window.after < created <= window.until:
        return
    level = logging.DEBUG if _clock_warned else logging.WARNING
    _clock_warned = True
    log.log(
        level,
        "Discord stamped message %s at %s, but the bot's clock said %s when sending it: the "
        "clocks differ by more than %s; keep the host's clock synchronised (NTP), or a post "
        "sent just before a crash may not be found after it",
        message_id,
        created.isoformat(timespec="seconds"),
        attempt_at.isoformat(timespec="seconds"),
        CLOCK_SKEW,
    )
