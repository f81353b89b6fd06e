from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import SHIPPED_ROADMAPS, MissingTokenError, Settings

SECRET = "MTIzNDU2Nzg5.secret-token-value"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "DISCORD_TOKEN",
        "DISCORD_TOKEN_FILE",
        "STUDYBOT_DB",
        "STUDYBOT_ROADMAPS",
        "STUDYBOT_SHARDS",
        "STUDYBOT_SHARD_COUNT",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults() -> None:
    settings = Settings()
    assert settings.db_path == Path("data/studybot.db")
    assert settings.roadmaps_dir == SHIPPED_ROADMAPS
    assert settings.log_level == "INFO"
    with pytest.raises(MissingTokenError):
        settings.token()


def test_token_from_environment_is_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", SECRET)
    settings = Settings()
    assert settings.token() == SECRET
    assert SECRET not in repr(settings) and SECRET not in str(settings)
    assert SECRET not in settings.model_dump_json()


def test_token_from_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret_file = tmp_path / "token"
    secret_file.write_text(SECRET + "\n")
    monkeypatch.setenv("DISCORD_TOKEN_FILE", str(secret_file))
    assert Settings().token() == SECRET


def test_unreadable_token_file_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN_FILE", str(tmp_path / "missing"))
    with pytest.raises(ValidationError, match="cannot be read"):
        Settings()


def test_invalid_setting_does_not_echo_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", SECRET)
    monkeypatch.setenv("STUDYBOT_DEV_GUILD", "not-a-number")
    with pytest.raises(ValidationError) as info:
        Settings()
    assert SECRET not in str(info.value)


def test_db_parent_is_created(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STUDYBOT_DB", str(tmp_path / "deep" / "er" / "bot.db"))
    path = Settings().prepare_db_path()
    assert path.parent.is_dir()


def test_token_never_reaches_the_log(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", SECRET)
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("test").info("settings: %s / %r", Settings(), Settings())
    assert SECRET not in caplog.text


def test_a_postgresql_url_selects_postgresql_and_hides_its_password(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.store.target import PostgresTarget

    monkeypatch.setenv("STUDYBOT_DB", "postgresql://bot:pg-Secret-9@db.example:5432/studybot")
    settings = Settings()
    assert isinstance(settings.database, PostgresTarget)
    assert str(settings.database) == "postgresql://bot:***@db.example:5432/studybot"
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("test").info("%s %r %s", settings, settings, settings.database)
    shown = caplog.text + repr(settings) + repr(settings.database) + settings.model_dump_json()
    assert "pg-Secret-9" not in shown
    with pytest.raises(ValueError, match="not a SQLite file"):
        _ = settings.db_path


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ("sqlite:data/x.db", Path("data/x.db")),
        ("sqlite:///abs/x.db", Path("/abs/x.db")),
        ("y.db", Path("y.db")),
    ],
)
def test_a_path_or_sqlite_url_keeps_sqlite(
    monkeypatch: pytest.MonkeyPatch, value: str, path: Path
) -> None:
    monkeypatch.setenv("STUDYBOT_DB", value)
    assert Settings().db_path == path


def test_shards_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().shards() is None
    monkeypatch.setenv("STUDYBOT_SHARD_COUNT", "4")
    everything = Settings().shards()
    assert everything is not None and everything.ids == {0, 1, 2, 3}
    monkeypatch.setenv("STUDYBOT_SHARDS", "1-2")
    some = Settings().shards()
    assert some is not None and (some.ids, some.count) == ({1, 2}, 4)
