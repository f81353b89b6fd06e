"""The emulator's default rate limits are Discord's: 5 messages per 5 s per channel, webhook
buckets per interaction token, the global 50 per second without the interaction endpoints; it
lists the 429s its limits answered, and its clock refills the buckets."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import discord
from emu_bot import EmuBot

from emulator import Emulator, Scenario, running_bot
from emulator.clock import Clock
from emulator.ratelimit import DISCORD_ROUTES, GLOBAL_LIMIT, BucketConfig, RateLimiter

SEND = "POST /channels/{channel_id}/messages"


def world(sc: Scenario) -> tuple[Any, Any, Any]:
    g = sc.guilds[0]
    return g.channel_named("general"), g.text_channel("second"), g.member_named("alice")


async def post(http: aiohttp.ClientSession, emu: Emulator, channel_id: int) -> int:
    url = f"{emu.rest_base}/channels/{channel_id}/messages"
    async with http.post(url, json={"content": "hi"}) as resp:
        return resp.status


async def test_five_messages_per_five_seconds_per_channel(scenario: Scenario) -> None:
    general, second, _ = world(scenario)
    async with Emulator(scenario) as emu:
        headers = {"Authorization": f"Bot {emu.token}"}
        async with aiohttp.ClientSession(headers=headers) as http:
            assert [await post(http, emu, general.id) for _ in range(6)] == [200] * 5 + [429]
            assert await post(http, emu, second.id) == 200  # another channel, another bucket
            (limited,) = emu.rate_limited
            assert limited.path.endswith(f"/{general.id}/messages")
            assert limited.headers["X-RateLimit-Scope"] == "user"
            assert limited.headers["X-RateLimit-Limit"] == "5"
            emu.advance(5.0)  # the window passed on the emulator's clock
            assert await post(http, emu, general.id) == 200
    assert DISCORD_ROUTES[SEND].limit == 5 and DISCORD_ROUTES[SEND].per == 5.0


async def test_the_global_limit_spares_the_interaction_endpoints(scenario: Scenario) -> None:
    general, _, alice = world(scenario)
    limits = RateLimiter(global_per=60.0)  # Discord's 50, in a window no test run outlasts
    async with Emulator(scenario, rate_limits=limits) as emu:
        bot = EmuBot()
        async with running_bot(emu, bot, wait_sync=True):
            headers = {"Authorization": f"Bot {emu.token}"}
            async with aiohttp.ClientSession(headers=headers) as http:
                statuses = []
                for i in range(GLOBAL_LIMIT + 1):  # one request per channel: only the global
                    async with http.get(f"{emu.rest_base}/channels/{i + 1}") as resp:
                        statuses.append(resp.status)
            assert statuses[-1] == 429
            assert all(r.headers["X-RateLimit-Global"] == "true" for r in emu.rate_limited)
            # a command answered by callback and followup still goes through
            handle = await emu.command(alice, general, "announce", wait=False)
            await emu.wait_until(lambda: len(handle.followup_ids) == 1, 5, "the followup")
            assert not handle.errors
            exempt = [r for r in emu.requests if "_token}" in (r.route or "")]
            assert len(exempt) == 2 and all(r.status in (200, 204) for r in exempt)


async def test_webhook_buckets_are_per_interaction(scenario: Scenario) -> None:
    limits = RateLimiter()
    assert limits.config("POST /webhooks/{webhook_id}/{webhook_token}").limit == 5
    async with Emulator(scenario, rate_limits=limits) as emu:
        client = discord.Client(intents=discord.Intents.default())
        tree = discord.app_commands.CommandTree(client)

        @tree.command(description="many followups")
        async def chatty(interaction: discord.Interaction) -> None:
            await interaction.response.defer()
            for i in range(7):  # discord.py waits out the token's bucket by itself
                await interaction.followup.send(f"part {i}")

        async with running_bot(emu, client):
            await tree.sync()
            general, _, alice = world(scenario)
            handles = [await emu.command(alice, general, "chatty", wait=False) for _ in range(2)]
            for handle in handles:
                await emu.wait_until(lambda h=handle: len(h.followup_ids) == 7, 10, "followups")
            assert emu.rate_limited == []
            buckets = {
                r.headers["X-RateLimit-Bucket"]
                for r in emu.requests
                if r.route == "POST /webhooks/{webhook_id}/{webhook_token}"
            }
            assert len(buckets) == 1  # one bucket per route; counted per token


async def test_a_clock_standing_still_leaves_the_buckets_to_real_time(scenario: Scenario) -> None:
    """The sandbox's simulated clock stands still between moves: real time still refills."""

    class Still(Clock):
        def now(self) -> float:
            return 1_800_000_000.0

    general, _, _ = world(scenario)
    limits = RateLimiter(routes={SEND: BucketConfig(1, 0.2)})
    async with Emulator(scenario, rate_limits=limits, clock=Still()) as emu:
        headers = {"Authorization": f"Bot {emu.token}"}
        async with aiohttp.ClientSession(headers=headers) as http:
            assert [await post(http, emu, general.id) for _ in range(2)] == [200, 429]
            await asyncio.sleep(0.25)  # the window passes in real time
            assert await post(http, emu, general.id) == 200
