"""The ``studybot`` command: run the bot, check and show roadmaps, migrate, back up and copy the
database.

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
from typing import TextIO

from pydantic import ValidationError

from bot import collector
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
from bot.store import (
    DatabaseTooNewError,
    RowsRejectedError,
    StorageUnavailableError,
    StoreUnreachableError,
    backup_file,
    migrate_file,
)
from bot.store.copying import CopyRefusedError, copy_database
from bot.store.postgres import migrate_postgres
from bot.store.target import PostgresTarget, SqliteTarget, parse_target

log = logging.getLogger(__name__)

MISSING_TOKEN = """\
studybot needs a Discord bot token, and none is set.
Set DISCORD_TOKEN (e.g. `export DISCORD_TOKEN=...` or a line in ./.env), or DISCORD_TOKEN_FILE
with the path of a file holding it. Get a token at https://discord.com/developers/applications
(your app -> Bot -> Reset Token); README.md, "Create the Discord application", shows every step."""


def _settings(**overrides: object) -> Settings:
    try:
        given = {k: v for k, v in overrides.items() if v is not None}
        return Settings.model_validate(given) if given else Settings()
    except ValidationError as exc:
        lines = [
            f"  {'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors()
        ]
        print("studybot: the configuration is invalid:\n" + "\n".join(lines), file=sys.stderr)
        raise SystemExit(2) from None


def _run(args: argparse.Namespace) -> int:
    settings = _settings(
        STUDYBOT_SHARDS=getattr(args, "shards", None),
        STUDYBOT_SHARD_COUNT=getattr(args, "shard_count", None),
    )
    try:
        settings.token()
    except MissingTokenError:
        print(MISSING_TOKEN, file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    with collector.paused():  # run_bot collects once, after building the bot
        from bot.app import run_bot  # imported late: discord.py is slow to import

    try:
        return asyncio.run(run_bot(settings))
    except (DatabaseTooNewError, StoreUnreachableError) as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return 2
    except StorageUnavailableError as exc:
        print(f"studybot: the database stopped answering ({exc.cause})", file=sys.stderr)
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
    target = settings.prepare_database()
    try:
        if isinstance(target, SqliteTarget):
            applied = migrate_file(target.path)
        else:
            applied = asyncio.run(migrate_postgres(target))
    except (DatabaseTooNewError, StoreUnreachableError) as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return 2
    print(f"{target}: applied {applied}" if applied else f"{target}: already up to date")
    return 0


def _backup(args: argparse.Namespace) -> int:
    settings = _settings()
    if isinstance(settings.database, PostgresTarget):
        print(
            "db backup copies a SQLite file; back up PostgreSQL with pg_dump "
            '(README.md, "Running large")',
            file=sys.stderr,
        )
        return 1
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


class TerminalProgress:
    """``db copy``'s progress: a bar per kind of row on a terminal, plain lines otherwise."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self._out = stream
        self._tty = stream.isatty()
        self._totals: dict[str, int] = {}
        self._done: dict[str, int] = {}
        self._current: str | None = None

    def started(self, totals: dict[str, int]) -> None:
        self._totals = totals
        self._done = dict.fromkeys(totals, 0)
        rows = sum(totals.values())
        self._out.write(f"copying {rows} rows: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
        self._out.write("\n")

    def copied(self, kind: str, rows: int) -> None:
        if self._current not in (None, kind):
            self._finish(self._current)
        self._current = kind
        self._done[kind] += rows
        if self._tty:
            total = max(1, self._totals[kind])
            filled = self.WIDTH * self._done[kind] // total
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self._out.write(f"\r  {kind:<9} [{bar}] {self._done[kind]}/{self._totals[kind]}")
            self._out.flush()

    def _finish(self, kind: str) -> None:
        line = f"  {kind:<9} {self._done[kind]}/{self._totals[kind]} rows"
        self._out.write(("\r" + line + " " * 20 if self._tty else line) + "\n")
        self._out.flush()

    def close(self) -> None:
        if self._current is not None:
            self._finish(self._current)
            self._current = None


def _copy(args: argparse.Namespace) -> int:
    try:
        source, dest = parse_target(args.source), parse_target(args.dest)
    except ValueError as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return 2
    if isinstance(dest, SqliteTarget):
        dest.path.parent.mkdir(parents=True, exist_ok=True)
    progress = TerminalProgress(sys.stdout)
    from bot.clock import system_clock

    try:
        totals = asyncio.run(
            copy_database(source, dest, system_clock(), replace=args.replace, progress=progress)
        )
    except (CopyRefusedError, StoreUnreachableError, DatabaseTooNewError) as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return 2
    except (RowsRejectedError, StorageUnavailableError) as exc:
        progress.close()
        print(f"studybot: copy failed, {dest} is unchanged: {exc}", file=sys.stderr)
        return 1
    progress.close()
    print(
        f"copied {source} to {dest}; verified: " + ", ".join(f"{k} {v}" for k, v in totals.items())
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="studybot", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="start the bot (the default)")
    run.add_argument(
        "--shards", metavar="IDS", help="run these shards, e.g. 0,1 or 0-3 (STUDYBOT_SHARDS)"
    )
    run.add_argument(
        "--shard-count",
        type=int,
        metavar="N",
        help="the total number of shards over all processes (STUDYBOT_SHARD_COUNT)",
    )
    run.set_defaults(func=_run)

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
    copy = dsub.add_parser(
        "copy",
        help="copy every row of one database into another (SQLite to PostgreSQL or back)",
    )
    copy.add_argument("source", help="a SQLite path or postgresql:// URL, read only")
    copy.add_argument("dest", help="a SQLite path or postgresql:// URL (the database exists)")
    copy.add_argument(
        "--replace",
        action="store_true",
        help="replace the rows the destination holds (refused without this)",
    )
    copy.set_defaults(func=_copy)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    func = getattr(args, "func", _run)
    return int(func(args))


if __name__ == "__main__":
    sys.exit(main())
