"""studybot's local Discord API emulator (REST + gateway) and the control API for tests."""

from emulator.faults import Faults, Hold
from emulator.interactions import CommandInputError, InteractionFailed, InteractionHandle, Reply
from emulator.ratelimit import RateLimiter
from emulator.scenario import Channel, Guild, Member, Role, Scenario
from emulator.server import Emulator, RequestRecord
from emulator.testing import running_bot, wait_idle
from emulator.waiting import WaitTimeout

__all__ = [
    "Channel",
    "CommandInputError",
    "Emulator",
    "Faults",
    "Guild",
    "Hold",
    "InteractionFailed",
    "InteractionHandle",
    "Member",
    "RateLimiter",
    "Reply",
    "RequestRecord",
    "Role",
    "Scenario",
    "WaitTimeout",
    "running_bot",
    "wait_idle",
]
