"""The Discord parts every message is built from, with Discord's limits applied.

Everything here fits ``bot.limits`` by construction: texts are clipped (with an ellipsis), an
embed's parts share its 6000-character total, rows hold at most 5 buttons and a message at most
25, a message carries at most 10 files of at most 10 MiB whose descriptions are clipped to 1024
characters. The other render modules build messages only from these parts; ``tests/render``
checks the results on the real discord.py objects.

Buttons are carried by ``ComponentsView``: it only describes components. Clicks are handled by
the ``DynamicItem``s the cogs register, matched by ``custom_id``, so they survive restarts; the
view itself is never kept by discord.py (see ``ComponentsView``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime

import discord

from bot.limits import (
    ATTACHMENT_DESCRIPTION_MAX,
    ATTACHMENT_SIZE_MAX,
    ATTACHMENTS_MAX,
    BUTTONS_PER_ROW,
    CUSTOM_ID_MAX,
    DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    FIELD_NAME_MAX,
    FIELD_VALUE_MAX,
    FIELDS_MAX,
    FOOTER_MAX,
    LABEL_MAX,
    ROWS_MAX,
    TITLE_MAX,
)

COLOR = discord.Colour(0x5865F2)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ComponentsView(discord.ui.View):
    """Components only: finished from the start, so discord.py never keeps it.

    discord.py 2.7 stores a sent view in its view store (``ConnectionState.store_view``) unless
    the view ``is_finished()``. ``Messageable.send``, ``Message.edit``, webhook sends (followups)
    and ``InteractionResponse.edit_message`` also skip a view that is not ``is_dispatchable()``,
    but ``InteractionResponse.send_message`` checks only ``is_finished()``: it keeps every
    unfinished view, an ephemeral one for 15 minutes (a timeout task each), so memory would grow
    with every reply with buttons, and each click on such a reply would also be dispatched to
    the stored view's items (``ViewStore.dispatch_view``). Clicks are the ``DynamicItem``s'
    alone.
    """

    def __init__(self) -> None:
        super().__init__(timeout=None)

    def is_dispatchable(self) -> bool:
        return False

    def is_finished(self) -> bool:
        return True

    def button(
        self,
        label: str,
        custom_id: str,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        *,
        disabled: bool = False,
        emoji: str | None = None,
    ) -> None:
        """Add a button in the next free place; a button past the last row is left out."""
        if len(self.children) >= BUTTONS_PER_ROW * ROWS_MAX:
            return
        if len(custom_id) > CUSTOM_ID_MAX:
            raise ValueError(f"custom_id over {CUSTOM_ID_MAX} characters: {custom_id!r}")
        row = len(self.children) // BUTTONS_PER_ROW
        self.add_item(
            discord.ui.Button(
                label=clip(label, LABEL_MAX),
                custom_id=custom_id,
                style=style,
                disabled=disabled,
                emoji=emoji,
                row=row,
            )
        )


@dataclass(frozen=True)
class Upload:
    """A file to send with a message: its name, bytes and description (alt text)."""

    filename: str
    data: bytes
    description: str | None = None

    def __post_init__(self) -> None:
        if len(self.data) > ATTACHMENT_SIZE_MAX:
            raise ValueError(f"{self.filename}: {len(self.data)} bytes, over {ATTACHMENT_SIZE_MAX}")


def upload(filename: str, data: bytes, description: str | None = None) -> Upload:
    """A file with its description clipped to what Discord keeps."""
    alt = clip(description, ATTACHMENT_DESCRIPTION_MAX) if description else None
    return Upload(filename, data, alt)


@dataclass
class Message:
    """One message or interaction reply."""

    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    view: ComponentsView | None = None
    files: list[Upload] = field(default_factory=list)
    mention_users: tuple[int, ...] = ()
    """The users this message pings (the bot's default pings nobody, ``StudyBot``)."""

    def __post_init__(self) -> None:
        if len(self.files) > ATTACHMENTS_MAX:
            raise ValueError(f"{len(self.files)} files: at most {ATTACHMENTS_MAX} per message")

    def discord_files(self) -> list[discord.File]:
        """New ``discord.File`` objects for one send (a File can be sent only once)."""
        return [
            discord.File(io.BytesIO(f.data), filename=f.filename, description=f.description)
            for f in self.files
        ]

    def kwargs(self) -> dict[str, object]:
        out: dict[str, object] = {"content": self.content, "embeds": self.embeds}
        if self.view is not None:
            out["view"] = self.view
        if self.files:
            out["files"] = self.discord_files()
        if self.mention_users:
            out["allowed_mentions"] = self.allowed_mentions()
        return out

    def allowed_mentions(self) -> discord.AllowedMentions:
        """Exactly ``mention_users``, nobody else (no roles, no @everyone)."""
        users = [discord.Object(u) for u in self.mention_users]
        return discord.AllowedMentions(everyone=False, roles=False, users=users or False)


def embed(title: str, description: str = "", *, footer: str | None = None) -> discord.Embed:
    e = discord.Embed(
        title=clip(title, TITLE_MAX),
        description=clip(description, DESCRIPTION_MAX) or None,
        colour=COLOR,
    )
    if footer:
        # title + description can take 4352 of the 6000 total; the footer gets what is left.
        e.set_footer(text=clip(footer, min(FOOTER_MAX, EMBED_TOTAL_MAX - len(e))))
    return e


def add_field(e: discord.Embed, name: str, value: str, *, inline: bool = False) -> None:
    """Add a field if the embed has room; the value is clipped to what is left of the total."""
    name = clip(name or "-", FIELD_NAME_MAX)  # Discord rejects an empty field name
    room = EMBED_TOTAL_MAX - len(e) - len(name)
    if len(e.fields) >= FIELDS_MAX or room < 1:
        return
    e.add_field(name=name, value=clip(value or "-", min(FIELD_VALUE_MAX, room)), inline=inline)


def ts(instant: datetime, style: str = "R") -> str:
    """A Discord timestamp, shown in each reader's own zone."""
    return f"<t:{int(instant.timestamp())}:{style}>"
