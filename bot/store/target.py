"""Which database ``STUDYBOT_DB`` names: a SQLite file (a path, or ``sqlite:PATH``) or a
PostgreSQL server (``postgresql://`` or ``postgres://`` URL). A PostgreSQL URL may hold a
password: ``str()`` and ``repr()`` of a target never show it (``redacted``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_PG_SCHEMES = ("postgresql://", "postgres://")
_SECRET_PARAMS = {"password", "passfile", "sslpassword"}


@dataclass(frozen=True, slots=True)
class SqliteTarget:
    path: Path

    def __str__(self) -> str:
        return str(self.path)


@dataclass(frozen=True, slots=True)
class PostgresTarget:
    dsn: str = field(repr=False)

    def __str__(self) -> str:
        return redacted(self.dsn)

    def __repr__(self) -> str:
        return f"PostgresTarget({redacted(self.dsn)!r})"

    def scrub(self, text: str) -> str:
        """``text`` (an error message) with the password, if any, replaced."""
        secret = urlsplit(self.dsn).password
        return text.replace(secret, "***") if secret else text


DbTarget = SqliteTarget | PostgresTarget


def parse_target(value: str | Path) -> DbTarget:
    text = str(value).strip()
    if text.lower().startswith(_PG_SCHEMES):
        return PostgresTarget(text)
    if text.lower().startswith("sqlite:"):
        rest = text[len("sqlite:") :]
        text = rest[2:] if rest.startswith("//") else rest  # sqlite:///abs -> /abs
    if not text:
        raise ValueError("the database path is empty")
    return SqliteTarget(Path(text))


def redacted(dsn: str) -> str:
    """The URL without its password (user, host, port and database stay: they help)."""
    try:
        parts = urlsplit(dsn)
        netloc = parts.netloc
        if parts.password is not None:
            user, _, host = netloc.rpartition("@")
            netloc = f"{user.partition(':')[0]}:***@{host}"
        query = urlencode(
            [(k, "***" if k.lower() in _SECRET_PARAMS else v) for k, v in parse_qsl(parts.query)]
        )
        return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
    except ValueError:
        return f"{dsn.partition('://')[0]}://(unreadable URL)"
