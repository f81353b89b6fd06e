"""The ``studybot`` command as a newcomer runs it: a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def studybot(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "STUDYBOT_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        env={**clean, "PYTHONPATH": str(REPO), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_run_without_token_explains_and_exits_2(tmp_path: Path) -> None:
    result = studybot(cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert "DISCORD_TOKEN" in result.stderr and "DISCORD_TOKEN_FILE" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 4
    explicit = studybot("run", cwd=tmp_path)
    assert explicit.returncode == 2 and explicit.stderr == result.stderr


def test_bad_token_file_is_explained(tmp_path: Path) -> None:
    result = studybot(cwd=tmp_path, DISCORD_TOKEN_FILE=str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "cannot be read" in result.stderr and "Traceback" not in result.stderr


def test_roadmaps_check_prints_one_ok_line_per_shipped_file(tmp_path: Path) -> None:
    files = sorted(str(p) for p in (REPO / "roadmaps").glob("*.yaml"))
    result = studybot("roadmaps", "check", *files, cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(files) == 4
    assert all(line.startswith("OK ") for line in lines)
    assert any("14day" in line and "14 days" in line for line in lines)


def test_roadmaps_check_reports_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: Bad\n")
    result = studybot("roadmaps", "check", str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert f"FAIL {bad}" in result.stdout and f"{bad}:1: id:" in result.stdout


def test_roadmaps_show(tmp_path: Path) -> None:
    result = studybot("roadmaps", "show", "14day", "--day", "2", cwd=tmp_path)
    assert result.returncode == 0
    assert "Day 2/14" in result.stdout and "1. " in result.stdout
    missing = studybot("roadmaps", "show", "nope", cwd=tmp_path)
    assert missing.returncode == 1 and "loaded:" in missing.stderr


def test_db_migrate_and_backup(tmp_path: Path) -> None:
    db = tmp_path / "d" / "s.db"
    first = studybot("db", "migrate", cwd=tmp_path, STUDYBOT_DB=str(db))
    assert first.returncode == 0 and "applied [1" in first.stdout
    again = studybot("db", "migrate", cwd=tmp_path, STUDYBOT_DB=str(db))
    assert "already up to date" in again.stdout
    copy = tmp_path / "backup.db"
    result = studybot("db", "backup", str(copy), cwd=tmp_path, STUDYBOT_DB=str(db))
    assert result.returncode == 0 and copy.exists()
    refused = studybot("db", "backup", str(copy), cwd=tmp_path, STUDYBOT_DB=str(db))
    assert refused.returncode == 1 and "refusing" in refused.stderr


def test_db_too_new_is_refused(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "s.db"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")
    result = studybot("db", "migrate", cwd=tmp_path, STUDYBOT_DB=str(db))
    assert result.returncode == 2 and "newer studybot" in result.stderr
    assert "Traceback" not in result.stderr
