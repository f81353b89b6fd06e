"""Run the emulator on its own: ``python -m emulator [--port N] [--token T]``.

Serves a demo scenario (guild "Study Hall" with #general and members alice, bob, carol) until
interrupted, and writes the environment to point a bot at it (``studybot run`` with these
variables set talks to the emulator). Drive it over HTTP with ``/_control/...``, or watch and
use it in a browser at ``STUDYBOT_DISCORD_API`` + ``/`` (see emulator/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

from emulator.discord_target import API_ENV, GATEWAY_ENV
from emulator.scenario import Scenario
from emulator.server import Emulator

log = logging.getLogger(__name__)


def demo_scenario(members: list[str], channels: list[str]) -> Scenario:
    sc = Scenario()
    hall = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US")
    for name in channels:
        hall.text_channel(name)
    for i, name in enumerate(members):
        hall.member(name, manage_guild=i == 0)
    return sc


async def serve(args: argparse.Namespace) -> None:
    sc = demo_scenario(args.members.split(","), args.channels.split(","))
    async with Emulator(sc, token=args.token, port=args.port) as emu:
        env = emu.subprocess_env(base={})
        for key in ("PYTHONPATH", API_ENV, GATEWAY_ENV, "DISCORD_TOKEN"):
            sys.stdout.write(f"{key}={env[key]}\n")
        sys.stdout.flush()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        log.info("emulator stopping")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m emulator", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default="test-token")
    parser.add_argument("--members", default="alice,bob,carol")
    parser.add_argument("--channels", default="general")
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
