"""``serve`` as ``studybot sandbox`` runs it (the real ``run_bot``), driven over the control
API's HTTP as the page drives it: a session with a clean log, the throwaway database removed
at the end, and a roadmap author's folder checked into the page's notices."""

from __future__ import annotations

import asyncio
import gc
import logging
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.cli import main
from emulator import Emulator
from sandbox.app import Running, SandboxOptions, serve
from tests.sandbox.conftest import START

REPO = Path(__file__).resolve().parents[2]
HEARTBEAT_MS = 10_200
"""Just over the 10 s latency past which discord.py warns "Can't keep up": an ACK that beat the
heartbeat's send-time note would make it warn at every heartbeat."""


class Session:
    def __init__(self, running: Running, http: aiohttp.ClientSession) -> None:
        self.running, self.http = running, http
        world = running.emulator.scenario
        hall = world.guilds[0]
        self.general = str(hall.channel_named("general").id)
        self.ids = {m.name: str(m.id) for g in world.guilds for m in g.members}

    @property
    def emu(self) -> Emulator:
        return self.running.emulator

    async def call(self, path: str, body: Any = None, *, method: str = "POST") -> Any:
        async with self.http.request(method, path, json=body) as resp:
            assert resp.status == 200, await resp.text()
            return await resp.json()

    async def command(self, who: str, name: str, **options: Any) -> Any:
        body = {"member_id": self.ids[who], "channel_id": self.general, "name": name}
        return await self.call("command", {**body, "options": options})

    async def seen_by(self, who: str) -> list[Any]:
        path = f"channels/{self.general}/messages?viewer={self.ids[who]}"
        return list(await self.call(path, method="GET"))


@asynccontextmanager
async def session(options: SandboxOptions) -> AsyncIterator[Session]:
    up: asyncio.Future[Running] = asyncio.get_running_loop().create_future()
    stop = asyncio.Event()
    task = asyncio.create_task(serve(options, ready=up.set_result, stop=stop))
    try:
        running = await asyncio.wait_for(asyncio.shield(up), 30)
        await running.emulator.wait_commands_synced(timeout=30)
        await running.emulator.wait_connected(timeout=30)
        async with aiohttp.ClientSession(running.url + "_control/") as http:
            yield Session(running, http)
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 30) == 0
        gc.unfreeze()  # run_bot froze what it had built: give it back to the collector
    assert not running.database.parent.exists(), "the throwaway database must be removed"


def tick_ids(post: dict[str, Any]) -> list[str]:
    ids = [c["custom_id"] for row in post["components"] for c in row["components"]]
    return [i for i in ids if i.startswith("studybot:tick:")]


async def test_a_session_runs_the_story_with_a_clean_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    options = SandboxOptions(start=START, heartbeat_interval_ms=HEARTBEAT_MS)
    async with session(options) as s:
        started = await s.command("alice", "roadmap start", roadmap="14day")
        assert not started["ephemeral"]
        for who in ("alice", "bob"):
            assert (await s.command(who, "join", roadmap="14day"))["ephemeral"]
        moved = await s.call("clock/next")
        assert moved["moved"] and moved["now"] == "2026-03-02T09:00:00+00:00"
        post = next(m for m in await s.seen_by("alice") if tick_ids(m))
        tick = {"member_id": s.ids["alice"], "message_id": post["id"]}
        ticked = await s.call("click", {**tick, "custom_id": tick_ids(post)[0]})
        assert ticked["ephemeral"]
        reply_id = ticked["message"]["id"]
        assert reply_id in [m["id"] for m in await s.seen_by("alice")]
        assert reply_id not in [m["id"] for m in await s.seen_by("bob")]
        assert (await s.command("alice", "checkin", minutes=30))["ephemeral"]
        board = await s.command("alice", "progress")
        assert board["ephemeral"] and f"<@{s.ids['alice']}>" in str(board["embeds"])
        week = await s.call("clock/advance", {"seconds": 7 * 86400})
        assert week["now"] == "2026-03-09T09:00:00+00:00"
        posts = [m for m in await s.seen_by("bob") if tick_ids(m)]
        assert [int(tick_ids(p)[0].split(":")[3]) for p in posts] == list(range(1, 9))
        # a heartbeat from discord.py's keep-alive thread (the one sent with IDENTIFY is never
        # measured late) and its ACK; then a command, whose INTERACTION_CREATE follows that ACK
        # on the same socket: once it is answered, the bot has taken the ACK in too
        gateway = s.emu.gateway

        def acks() -> int:
            return sum(p["op"] == 11 for c in gateway.connections for p in c.sent)

        await s.emu.wait_until(lambda: acks() >= 2, 2 * HEARTBEAT_MS / 1000)
        assert (await s.command("bob", "today"))["ephemeral"]
    warnings = [
        f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.WARNING
    ]
    assert warnings == []


def write_roadmaps(folder: Path) -> None:
    folder.mkdir()
    shutil.copy(REPO / "roadmaps" / "14day.yaml", folder / "mine.yaml")
    text = (REPO / "roadmaps" / "14day.yaml").read_text(encoding="utf-8")
    (folder / "broken.yaml").write_text(
        text.replace("id: 14day", "id: Broken Id!", 1), encoding="utf-8"
    )


async def test_an_author_folder_is_checked_into_the_page_and_its_good_roadmaps_load(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "roadmaps"
    write_roadmaps(folder)
    async with session(SandboxOptions(roadmaps_dir=folder, start=START)) as s:
        notices = (await s.call("notices", method="GET"))["notices"]
        assert [n["level"] for n in notices] == ["error", "info"]
        (problem,) = notices[0]["lines"]
        assert problem.startswith(f"{folder / 'broken.yaml'}:1: id: ")
        assert "OK mine.yaml: 14day" in notices[1]["lines"][0]
        preview = await s.command("bob", "roadmap preview", id="14day", day=2)
        assert preview["ephemeral"] and preview["embeds"]


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["sandbox", "--roadmaps", "/nonexistent/folder"], "is not a folder"),
        (["sandbox", "--start", "next tuesday"], "is not an ISO date"),
    ],
)
def test_the_cli_refuses_what_it_cannot_use(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert says in capsys.readouterr().err
