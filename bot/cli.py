"""The ``studybot`` command: run the bot, check and show roadmaps, migrate and back up the database.

This is the one module that prints: it talks to a person at a terminal. Exit statuses: 0 fine,
1 something checked was invalid, 2 the configuration is incomplete or wrong.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from bot.config import MissingTokenError, Settings, configure_logging
from bot.roadmaps import (
    Roadmap,
    RoadmapError,
    lang_for,
    load_roadmap_file,
    load_roadmaps,
    roadmap_files,
    summary_line,
)
from bot.store import DatabaseTooNewError, backup_file, migrate_file

log = logging.getLogger(__name__)

MISSING_TOKEN = """\
studybot needs a Discord bot token, and none is set.
Set DISCORD_TOKEN (e.g. `export DISCORD_TOKEN=...` or a line in ./.env), or DISCORD_TOKEN_FILE
with the path of a file holding it. Get a token at https://discord.com/developers/applications
(your app -> Bot -> Reset Token); README.md, "Create the Discord application", shows every step."""


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        lines = [
            f"  {'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors()
        ]
        print("studybot: the configuration is invalid:\n" + "\n".join(lines), file=sys.stderr)
        raise SystemExit(2) from None


def _run(_: argparse.Namespace) -> int:
    settings = _settings()
    try:
        settings.token()
    except MissingTokenError:
        print(MISSING_TOKEN, file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    from bot.app import run_bot  # imported late: discord.py is slow to import

    try:
        return asyncio.run(run_bot(settings))
    except DatabaseTooNewError as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    except OSError as exc:  # aiohttp's connection errors are OSErrors
        print(f"studybot: cannot reach Discord ({exc}). Check the network.", file=sys.stderr)
        return 1


SANDBOX_READY = """\
studybot sandbox: open {url} in your browser (Ctrl+C stops it)
  The real bot runs against a local Discord emulator on simulated time; nothing leaves this
  machine. Its database is a throwaway: {database} (removed at exit)."""


def _sandbox(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from sandbox.app import Running, SandboxOptions, serve  # late: imports discord.py

    start = None
    if args.start:
        try:
            start = datetime.fromisoformat(args.start)
        except ValueError:
            print(f"studybot: --start {args.start!r} is not an ISO date and time", file=sys.stderr)
            return 2
        start = start if start.tzinfo else start.replace(tzinfo=UTC)
    roadmaps = Path(args.roadmaps) if args.roadmaps else None
    if roadmaps is not None and not roadmaps.is_dir():
        print(f"studybot: --roadmaps {roadmaps} is not a folder", file=sys.stderr)
        return 2
    options = SandboxOptions(
        roadmaps_dir=roadmaps, port=args.port, start=start, log_level=args.log_level
    )
    configure_logging(options.log_level)
    if options.log_level != "DEBUG":
        logging.getLogger("emulator").setLevel(logging.WARNING)

    def ready(running: Running) -> None:
        print(SANDBOX_READY.format(url=running.url, database=running.database), flush=True)

    # SIGTERM before the bot took over its signals: unwind like Ctrl+C (the database goes too)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return asyncio.run(serve(options, ready=ready))
    except KeyboardInterrupt:
        return 0
    except OSError as exc:
        print(f"studybot: the sandbox could not start ({exc})", file=sys.stderr)
        return 1


def _check(args: argparse.Namespace) -> int:
    settings = _settings()
    files = [Path(f) for f in args.files] or roadmap_files(settings.roadmaps_dir)
    if not files:
        print(f"no roadmap files in {settings.roadmaps_dir}", file=sys.stderr)
        return 1
    failed = 0
    seen: dict[str, Path] = {}
    for path in files:
        try:
            roadmap = load_roadmap_file(path)
        except RoadmapError as exc:
            failed += 1
            print(f"FAIL {path}: {len(exc.issues)} problem(s)")
            for issue in exc.issues:
                print(f"  {issue}")
            continue
        if roadmap.id in seen:
            failed += 1
            print(f"FAIL {path}: id '{roadmap.id}' is already used by {seen[roadmap.id]}")
            continue
        seen[roadmap.id] = path
        print(summary_line(roadmap))
    return 1 if failed else 0


def format_day(roadmap: Roadmap, number: int, lang: str) -> str:
    """A day as plain text for the terminal."""
    lng = lang_for(lang)
    day = roadmap.day(number)
    phase = roadmap.phase_of(number)
    lines = [
        f"{roadmap.title.get(lng)} - Day {number}/{roadmap.total_days}",
        f"Phase {phase.number}: {phase.title.get(lng)}",
        f"{day.title.get(lng)}" + (f"  (~{day.minutes} min)" if day.minutes else ""),
    ]
    for k, task in enumerate(day.tasks, 1):
        est = f" ({task.minutes} min)" if task.minutes else ""
        lines.append(f"  {k}. {task.title.get(lng)}{est}  [{task.id}]")
        lines.extend(f"     {link}" for link in task.links_for(lng))
    return "\n".join(lines)


def _show(args: argparse.Namespace) -> int:
    settings = _settings()
    roadmaps = load_roadmaps(settings.roadmaps_dir)
    roadmap = roadmaps.get(args.id)
    if roadmap is None:
        known = ", ".join(sorted(roadmaps)) or "none"
        print(f"no roadmap '{args.id}'; loaded: {known}", file=sys.stderr)
        return 1
    if not 1 <= args.day <= roadmap.total_days:
        print(f"{roadmap.id} has days 1..{roadmap.total_days}", file=sys.stderr)
        return 1
    print(format_day(roadmap, args.day, args.lang))
    return 0


def _migrate(_: argparse.Namespace) -> int:
    settings = _settings()
    path = settings.prepare_db_path()
    try:
        applied = migrate_file(path)
    except DatabaseTooNewError as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return 2
    print(f"{path}: applied {applied}" if applied else f"{path}: already up to date")
    return 0


def _backup(args: argparse.Namespace) -> int:
    settings = _settings()
    if not settings.db_path.exists():
        print(f"no database at {settings.db_path}", file=sys.stderr)
        return 1
    target = Path(args.path)
    if target.exists():
        print(f"{target} exists; refusing to overwrite it", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    backup_file(settings.db_path, target)
    print(f"backed up {settings.db_path} to {target}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="studybot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="start the bot (the default)").set_defaults(func=_run)

    sandbox = sub.add_parser(
        "sandbox", help="try the bot in your browser: a local Discord, a demo server, no token"
    )
    sandbox.add_argument("--roadmaps", metavar="DIR", help="preview your own roadmap folder")
    sandbox.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: free)")
    sandbox.add_argument(
        "--start",
        metavar="ISO",
        help="simulated start, e.g. 2026-03-02T08:00Z (default: 08:00 UTC today)",
    )
    sandbox.add_argument(
        "--log-level",
        default="INFO",
        type=str.upper,
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="the log on stderr (default INFO)",
    )
    sandbox.set_defaults(func=_sandbox)

    roadmaps = sub.add_parser("roadmaps", help="check or show roadmap files")
    rsub = roadmaps.add_subparsers(dest="action", required=True)
    check = rsub.add_parser("check", help="validate roadmap files (default: all loaded ones)")
    check.add_argument("files", nargs="*", help="YAML files to check")
    check.set_defaults(func=_check)
    show = rsub.add_parser("show", help="print a day's tasks")
    show.add_argument("id", help="roadmap id, e.g. 14day")
    show.add_argument("--day", type=int, default=1, help="day number (default 1)")
    show.add_argument("--lang", default="en", help="en or zh (default en)")
    show.set_defaults(func=_show)

    db = sub.add_parser("db", help="database maintenance")
    dsub = db.add_subparsers(dest="action", required=True)
    dsub.add_parser("migrate", help="apply pending migrations").set_defaults(func=_migrate)
    backup = dsub.add_parser("backup", help="online copy of the database (bot may be running)")
    backup.add_argument("path", help="file to write")
    backup.set_defaults(func=_backup)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    func = getattr(args, "func", _run)
    return int(func(args))


if __name__ == "__main__":
    sys.exit(main())
