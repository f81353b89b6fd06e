"""Servers' settings and the bot's own key/value settings (``guilds``, ``bot_meta``)."""

from __future__ import annotations

from datetime import datetime

from bot.store.models import Guild
from bot.store.sqlite.codec import iso
from bot.store.sqlite.connection import SqliteDb


class SqliteGuilds:
    def __init__(self, db: SqliteDb) -> None:
        self._db = db

    async def upsert_guild(self, guild_id: int, locale: str, now: datetime) -> Guild:
        await self._db.write(
            "INSERT INTO guilds (id, locale, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET locale = excluded.locale",
            (guild_id, locale, iso(now)),
        )
        return Guild(guild_id, locale)

    async def get_guild(self, guild_id: int) -> Guild | None:
        row = await self._db.one("SELECT id, locale FROM guilds WHERE id = ?", (guild_id,))
        return None if row is None else Guild(row["id"], row["locale"])

    async def get_meta(self, key: str) -> str | None:
        row = await self._db.one("SELECT value FROM bot_meta WHERE key = ?", (key,))
        return None if row is None else str(row["value"])

    async def set_meta(self, key: str, value: str) -> None:
        await self._db.write(
            "INSERT INTO bot_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
