"""Point discord.py at the studybot Discord API emulator, without touching the bot's code.

Put this directory on PYTHONPATH and set STUDYBOT_DISCORD_API (``http://127.0.0.1:PORT``) and
STUDYBOT_DISCORD_GATEWAY (``ws://127.0.0.1:PORT/gateway``); ``Emulator.subprocess_env()`` does
both. With neither variable set this module does nothing (and does not import discord).

``emulator/discord_target.py`` does the pointing. It is loaded by path, not imported as
``emulator.discord_target``: importing the ``emulator`` package would load the whole emulator
into every process started with this PYTHONPATH.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_NAME = "studybot_emulator_discord_target"
_PATH = Path(__file__).resolve().parent.parent / "discord_target.py"


def _point() -> None:
    spec = importlib.util.spec_from_file_location(_NAME, _PATH)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {_PATH}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[_NAME] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    module.point_discord_from_env()


_point()
