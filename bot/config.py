"""Settings from the environment (and a ``.env`` file), validated once at start-up.

The token is a ``SecretStr``: it never appears in ``repr``, logs or validation errors. It comes
from ``DISCORD_TOKEN`` or from the file named by ``DISCORD_TOKEN_FILE`` (Docker/systemd secrets).
``STUDYBOT_DB`` is kept as a ``SecretStr`` too, since a PostgreSQL URL may hold a password.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.shards import ShardSet, parse_shard_ids
from bot.store.target import DbTarget, SqliteTarget, parse_target

SHIPPED_ROADMAPS = Path(__file__).resolve().parent.parent / "roadmaps"

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class MissingTokenError(Exception):
    """No token was configured; the CLI turns this into a short how-to and exit status 2."""


class Settings(BaseSettings):
    """Everything the bot reads from its environment; see the configuration table in README."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", hide_input_in_errors=True
    )

    discord_token: SecretStr | None = Field(default=None, validation_alias="DISCORD_TOKEN")
    discord_token_file: Path | None = Field(default=None, validation_alias="DISCORD_TOKEN_FILE")
    db: SecretStr = Field(default=SecretStr("data/studybot.db"), validation_alias="STUDYBOT_DB")
    db_pool_size: int = Field(default=10, ge=1, le=200, validation_alias="STUDYBOT_DB_POOL_SIZE")
    shard_ids: str | None = Field(default=None, validation_alias="STUDYBOT_SHARDS")
    shard_count: int | None = Field(default=None, ge=1, validation_alias="STUDYBOT_SHARD_COUNT")
    roadmaps_dir: Path = Field(default=SHIPPED_ROADMAPS, validation_alias="STUDYBOT_ROADMAPS")
    log_level: LogLevel = Field(default="INFO", validation_alias="STUDYBOT_LOG_LEVEL")
    dev_guild_id: int | None = Field(default=None, validation_alias="STUDYBOT_DEV_GUILD")
    sync_commands: bool = Field(default=True, validation_alias="STUDYBOT_SYNC_COMMANDS")
    card_worker: Literal["process", "thread"] = Field(
        default="process", validation_alias="STUDYBOT_CARD_WORKER"
    )
    """Where progress cards are drawn: a worker process (default) or a thread of the bot's."""

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("discord_token", mode="before")
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @model_validator(mode="after")
    def _check_db_and_shards(self) -> Settings:
        parse_target(self.db.get_secret_value())  # ValueError: a clear validation error
        self.shards()
        return self

    @model_validator(mode="after")
    def _read_token_file(self) -> Settings:
        if self.discord_token is None and self.discord_token_file is not None:
            try:
                text = self.discord_token_file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ValueError(
                    f"DISCORD_TOKEN_FILE {self.discord_token_file} cannot be read "
                    f"({exc.strerror or type(exc).__name__})"
                ) from None
            if text:
                self.discord_token = SecretStr(text)
        return self

    def token(self) -> str:
        """The raw token, for ``Client.start`` only; raises ``MissingTokenError`` if unset."""
        if self.discord_token is None:
            raise MissingTokenError
        return self.discord_token.get_secret_value()

    @property
    def database(self) -> DbTarget:
        """The database ``STUDYBOT_DB`` names (its ``str`` hides a password)."""
        return parse_target(self.db.get_secret_value())

    @property
    def db_path(self) -> Path:
        """The SQLite file; ``ValueError`` when ``STUDYBOT_DB`` names a PostgreSQL server."""
        target = self.database
        if not isinstance(target, SqliteTarget):
            raise ValueError(f"STUDYBOT_DB is not a SQLite file: {target}")
        return target.path

    def prepare_db_path(self) -> Path:
        """Create the SQLite database's parent folder and return the path."""
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        return self.db_path

    def prepare_database(self) -> DbTarget:
        """The database, with a SQLite file's parent folder created."""
        if isinstance(self.database, SqliteTarget):
            self.prepare_db_path()
        return self.database

    def shards(self) -> ShardSet | None:
        """The shards this process runs, or None to run unsharded (one gateway connection).
        ``STUDYBOT_SHARD_COUNT`` alone runs all of them; ``STUDYBOT_SHARDS`` needs it."""
        if self.shard_count is None:
            if self.shard_ids is not None:
                raise ValueError("STUDYBOT_SHARDS (--shards) needs STUDYBOT_SHARD_COUNT too")
            return None
        ids = (
            parse_shard_ids(self.shard_ids)
            if self.shard_ids is not None
            else frozenset(range(self.shard_count))
        )
        return ShardSet(ids, self.shard_count)


def configure_logging(level: str) -> None:
    """Log to stderr; discord.py's own chatter stays at INFO or above."""
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)-8s %(name)s: %(message)s",
        datefmt="%Y-%m-%d %H:%M:%S",
    )
    logging.getLogger("discord").setLevel(max(logging.INFO, logging.getLevelName(level)))
    # APScheduler logs every added job at INFO: 10,000 groups would mean 20,000 lines at start.
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, logging.getLevelName(level)))
