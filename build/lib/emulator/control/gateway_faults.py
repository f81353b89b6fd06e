"""Gateway faults a test arms: closes and drops, op 7 and op 9, missing heartbeat ACKs, and a
guild outage. HTTP faults are ``emu.faults`` (``emulator.faults.Faults``)."""

from __future__ import annotations

import logging

from emulator.gateway import OP_RECONNECT, Gateway

log = logging.getLogger(__name__)


class GatewayFaults:
    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway

    async def gateway_close(self, code: int = 4000) -> None:
        """Close the bot's gateway connection(s) with ``code``."""
        await self.gateway.close(code)

    async def gateway_drop(self) -> None:
        """Abort the gateway TCP connection(s) without a close frame."""
        await self.gateway.drop()

    async def gateway_reconnect_op7(self) -> None:
        """Send op 7 RECONNECT."""
        await self.gateway.send_op(OP_RECONNECT, None)

    async def gateway_invalid_session(self, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION (a non-resumable one also invalidates the session)."""
        await self.gateway.invalid_session(resumable)

    def stop_heartbeat_acks(self) -> None:
        self.gateway.acks_enabled = False

    def resume_heartbeat_acks(self) -> None:
        self.gateway.acks_enabled = True

    def guild_outage(self, guild_id: int) -> None:
        """From the next IDENTIFY on, READY lists the server (unavailable) but its GUILD_CREATE
        never comes, as in a Discord outage: discord.py gives up after guild_ready_timeout."""
        self.gateway.outages.add(guild_id)
