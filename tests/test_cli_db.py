"""``studybot db copy`` (SQLite to PostgreSQL and back), ``db migrate`` on PostgreSQL, and the
start-up errors of ``studybot run`` about the database and shards: real subprocesses."""

from __future__ import annotations

import asyncio
import hashlib
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli import TerminalProgress
from bot.store import Store
from tests.conftest import NOW
from tests.pg import fresh_pg_database, skip_without_server
from tests.store.test_store_import import sample
from tests.test_cli import studybot


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def counts_of(target: str | Path) -> dict[str, int]:
    async with Store.open(target, pool_size=1) as store:
        return await store.row_counts()


@pytest.fixture
async def pg() -> AsyncIterator[str]:
    skip_without_server()
    async with fresh_pg_database("studybot_cli") as url:
        yield url


@pytest.fixture
async def seeded(tmp_path: Path) -> Path:
    path = tmp_path / "source.db"
    async with Store.open(path) as store:
        await store.import_rows(sample(), NOW)
    return path


async def run_cli(*args: str, cwd: Path) -> tuple[int, str, str]:
    result = await asyncio.to_thread(studybot, *args, cwd=cwd)
    return result.returncode, result.stdout, result.stderr


async def test_copy_sqlite_to_postgresql_and_back(seeded: Path, pg: str, tmp_path: Path) -> None:
    before = digest(seeded)
    expected = await counts_of(seeded)
    code, out, err = await run_cli("db", "copy", str(seeded), pg, cwd=tmp_path)
    assert code == 0, err
    assert "verified" in out and "ticks 4" in out
    assert "  ticks     4/4 rows" in out  # plain lines: stdout is not a terminal
    assert "\r" not in out
    assert digest(seeded) == before  # the source is only read
    assert await counts_of(pg) == expected

    back = tmp_path / "back" / "copy.db"
    code, _, err = await run_cli("db", "copy", pg, str(back), cwd=tmp_path)
    assert code == 0, err
    assert await counts_of(back) == expected
    async with Store.open(back) as store:
        assert await store.get_group(sample().groups[0].guild_id, 40) == sample().groups[0]


async def test_a_destination_with_rows_is_refused_unless_replaced(
    seeded: Path, pg: str, tmp_path: Path
) -> None:
    assert (await run_cli("db", "copy", str(seeded), pg, cwd=tmp_path))[0] == 0
    code, _, err = await run_cli("db", "copy", str(seeded), pg, cwd=tmp_path)
    assert code == 2 and "--replace" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = await run_cli("db", "copy", str(seeded), pg, "--replace", cwd=tmp_path)
    assert code == 0, err
    assert await counts_of(pg) == await counts_of(seeded)


async def test_a_source_that_is_missing_or_behind_is_refused_untouched(
    tmp_path: Path, pg: str
) -> None:
    import sqlite3

    code, _, err = await run_cli("db", "copy", str(tmp_path / "none.db"), pg, cwd=tmp_path)
    assert code == 2 and "no database at" in err
    assert not (tmp_path / "none.db").exists()
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("PRAGMA user_version = 2")
    before = digest(old)
    code, _, err = await run_cli("db", "copy", str(old), pg, cwd=tmp_path)
    assert code == 2 and "studybot db migrate" in err
    assert digest(old) == before
    assert sum((await counts_of(pg)).values()) == 0


async def test_db_migrate_on_postgresql(pg: str, tmp_path: Path) -> None:
    first = await asyncio.to_thread(studybot, "db", "migrate", cwd=tmp_path, STUDYBOT_DB=pg)
    assert first.returncode == 0 and "applied [1, 2, 3" in first.stdout
    assert "postgresql://postgres@" in first.stdout
    again = await asyncio.to_thread(studybot, "db", "migrate", cwd=tmp_path, STUDYBOT_DB=pg)
    assert "already up to date" in again.stdout
    backup = await asyncio.to_thread(
        studybot, "db", "backup", str(tmp_path / "x.db"), cwd=tmp_path, STUDYBOT_DB=pg
    )
    assert backup.returncode == 1 and "pg_dump" in backup.stderr


def test_run_refuses_an_unreachable_server_in_one_line(tmp_path: Path) -> None:
    url = "postgresql://studybot:hunter2-secret@127.0.0.1:1/studybot"
    result = studybot("run", cwd=tmp_path, DISCORD_TOKEN="t", STUDYBOT_DB=url)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("studybot:")]
    assert len(errors) == 1 and "cannot open the database" in errors[0]
    assert "hunter2-secret" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--shards", "0,1"), "needs STUDYBOT_SHARD_COUNT"),
        (("--shards", "0,4", "--shard-count", "4"), "between 0 and 3"),
        (("--shards", "x", "--shard-count", "4"), "not a shard id"),
    ],
)
def test_run_refuses_bad_shard_options(tmp_path: Path, args: tuple[str, ...], says: str) -> None:
    result = studybot("run", *args, cwd=tmp_path, DISCORD_TOKEN="t")
    assert result.returncode == 2
    assert says in result.stderr and "Traceback" not in result.stderr


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_a_bar_per_kind_on_a_terminal() -> None:
    screen = FakeTerminal()
    progress = TerminalProgress(screen)
    progress.started({"guilds": 2, "ticks": 4})
    progress.copied("guilds", 2)
    progress.copied("ticks", 2)
    progress.copied("ticks", 2)
    progress.close()
    text = screen.getvalue()
    assert "copying 6 rows" in text
    assert f"\r  ticks     [{'#' * 15}{'-' * 15}] 2/4" in text
    assert f"[{'#' * 30}] 4/4" in text
    assert text.endswith("ticks     4/4 rows" + " " * 20 + "\n")
