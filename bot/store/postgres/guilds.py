"""Servers' settings and the bot's own key/value settings (``guilds``, ``bot_meta``)."""

from __future__ import annotations

from datetime import datetime

from bot.store.models import Guild
from bot.store.postgres.codec import aware
from bot.store.postgres.connection import PgDb


class PgGuilds:
    def __init__(self, db: PgDb) -> None:
        self._db = db

    async def upsert_guild(self, guild_id: int, locale: str, now: datetime) -> Guild:
        await self._db.write(
            "INSERT INTO guilds (id, locale, created_at) VALUES ($1, $2, $3) "
            "ON CONFLICT (id) DO UPDATE SET locale = EXCLUDED.locale",
            guild_id,
            locale,
            aware(now),
        )
        return Guild(guild_id, locale)

    async def get_guild(self, guild_id: int) -> Guild | None:
        row = await self._db.one("SELECT id, locale FROM guilds WHERE id = $1", guild_id)
        return None if row is None else Guild(row["id"], row["locale"])

    async def get_meta(self, key: str) -> str | None:
        row = await self._db.one("SELECT value FROM bot_meta WHERE key = $1", key)
        return None if row is None else str(row["value"])

    async def set_meta(self, key: str, value: str) -> None:
        await self._db.write(
            "INSERT INTO bot_meta (key, value) VALUES ($1, $2) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            key,
            value,
        )
