"""Describe the world the bot connects to: guilds, channels, roles and members."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from emulator import permissions as p
from emulator.snowflake import DeterministicIds

log = logging.getLogger(__name__)


@dataclass
class Role:
    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    managed: bool = False
    bot_id: int | None = None


def role_rank(role: Role) -> tuple[int, int]:
    """A sort key, higher = higher in the hierarchy: position, then the lower id."""
    return role.position, -role.id


@dataclass
class Member:
    """A guild member (a human unless ``bot``). ``id`` is the user id."""

    id: int
    guild_id: int
    name: str
    locale: str = "en-US"
    role_ids: list[int] = field(default_factory=list)
    nick: str | None = None
    bot: bool = False
    global_name: str | None = None


@dataclass
class Channel:
    """A guild text channel (type 0) or category (type 4)."""

    id: int
    guild_id: int
    name: str
    type: int = 0
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    overwrites: list[p.Overwrite] = field(default_factory=list)
    _bot_id: int = 0

    def _overwrite_for(self, target_id: int, target_type: int) -> p.Overwrite:
        for ow in self.overwrites:
            if ow.id == target_id and ow.type == target_type:
                return ow
        ow = p.Overwrite(id=target_id, type=target_type)
        self.overwrites.append(ow)
        return ow

    def _target(self, role_or_member: Role | Member | None) -> tuple[int, int]:
        if role_or_member is None:
            return self._bot_id, 1
        if isinstance(role_or_member, Role):
            return role_or_member.id, 0
        return role_or_member.id, 1

    def deny(
        self,
        role_or_member: Role | Member | None = None,
        *,
        view: bool = False,
        send: bool = False,
        embed: bool = False,
        extra: int = 0,
    ) -> Channel:
        """Deny permissions in this channel; ``None`` targets the bot's own member.

        ``view``/``send``/``embed`` deny VIEW_CHANNEL / SEND_MESSAGES / EMBED_LINKS; ``extra`` is
        any other bit mask to deny.
        """
        ow = self._overwrite_for(*self._target(role_or_member))
        bits = extra
        if view:
            bits |= p.VIEW_CHANNEL
        if send:
            bits |= p.SEND_MESSAGES
        if embed:
            bits |= p.EMBED_LINKS
        ow.deny |= bits
        ow.allow &= ~bits
        return self

    def allow(self, role_or_member: Role | Member | None = None, *, bits: int) -> Channel:
        """Explicitly allow permission ``bits`` in this channel."""
        ow = self._overwrite_for(*self._target(role_or_member))
        ow.allow |= bits
        ow.deny &= ~bits
        return self


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    locale: str = "en-US"
    preferred_locale: str = "en-US"
    roles: list[Role] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    _scenario: Scenario | None = None

    @property
    def everyone(self) -> Role:
        return self.roles[0]

    def _ids(self) -> DeterministicIds:
        assert self._scenario is not None
        return self._scenario.ids

    def role(
        self, name: str, permissions: int = 0, *, color: int = 0, position: int | None = None
    ) -> Role:
        """A new role, by default the highest (above the bot's own: give ``position``, or raise
        the bot's role with ``Scenario.bot_role(guild).position``, to let the bot grant it)."""
        role = Role(
            id=self._ids().next(),
            guild_id=self.id,
            name=name,
            permissions=permissions,
            position=len(self.roles) if position is None else position,
            color=color,
        )
        self.roles.append(role)
        return role

    def _named_role(self, name: str, permissions: int) -> Role:
        for role in self.roles:
            if role.name == name and not role.managed:
                return role
        return self.role(name, permissions)

    def text_channel(
        self, name: str, *, topic: str | None = None, category: Channel | None = None
    ) -> Channel:
        assert self._scenario is not None
        ch = Channel(
            id=self._ids().next(),
            guild_id=self.id,
            name=name,
            position=len(self.channels),
            topic=topic,
            parent_id=category.id if category else None,
            _bot_id=self._scenario.bot_user_id,
        )
        self.channels.append(ch)
        return ch

    def category(self, name: str) -> Channel:
        ch = self.text_channel(name)
        ch.type = 4
        return ch

    def member(
        self,
        name: str,
        *,
        manage_guild: bool = False,
        administrator: bool = False,
        locale: str = "en-US",
        roles: list[Role] | None = None,
        nick: str | None = None,
        bot: bool = False,
    ) -> Member:
        member = Member(
            id=self._ids().next(), guild_id=self.id, name=name, locale=locale, nick=nick, bot=bot
        )
        for role in roles or []:
            member.role_ids.append(role.id)
        if manage_guild:
            member.role_ids.append(self._named_role("Managers", p.MANAGE_GUILD).id)
        if administrator:
            member.role_ids.append(self._named_role("Admins", p.ADMINISTRATOR).id)
        self.members.append(member)
        return member

    def member_named(self, name: str) -> Member:
        found = next((m for m in self.members if m.name == name), None)
        if found is None:
            raise KeyError(f"no member {name!r} in {self.name!r}")
        return found

    def channel_named(self, name: str) -> Channel:
        found = next((c for c in self.channels if c.name == name), None)
        if found is None:
            raise KeyError(f"no channel {name!r} in {self.name!r}")
        return found

    def get_member(self, user_id: int) -> Member | None:
        return next((m for m in self.members if m.id == user_id), None)

    def get_channel(self, channel_id: int) -> Channel | None:
        return next((c for c in self.channels if c.id == channel_id), None)

    def get_role(self, role_id: int) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def top_role(self, member: Member) -> Role:
        """The member's highest role (@everyone if none): by position, then the lower id, as
        Discord orders roles of equal position."""
        held = [r for r in self.roles if r.id in member.role_ids] or [self.everyone]
        return max(held, key=role_rank)

    def outranks(self, member: Member, role: Role) -> bool:
        """Whether ``member`` may grant or remove ``role`` by the hierarchy (Topics >
        Permissions > Permission Hierarchy): the owner always; anyone else only roles strictly
        below their highest role. Managed roles and @everyone are never granted."""
        if role.managed or role.id == self.id:
            return False
        if member.id == self.owner_id:
            return True
        return role_rank(role) < role_rank(self.top_role(member))

    def permissions_for(self, member: Member, channel: Channel | None = None) -> int:
        role_perms = {r.id: r.permissions for r in self.roles}
        return p.compute_permissions(
            guild_id=self.id,
            owner_id=self.owner_id,
            member_id=member.id,
            member_role_ids=member.role_ids,
            role_permissions=role_perms,
            overwrites=channel.overwrites if channel else [],
        )


class Scenario:
    """The world: guilds with channels, roles and members, plus the bot's own user.

    Ids are deterministic: the same sequence of calls always yields the same ids.
    """

    def __init__(
        self,
        *,
        bot_name: str = "studybot",
        application_name: str = "studybot",
        application_id: int | None = None,
    ) -> None:
        """``application_id`` picks another application (and bot user) for the same world: the
        other ids stay the same, as when one server invites a second bot."""
        self.ids = DeterministicIds()
        first = self.ids.next()
        self.application_id: int = application_id or first
        self.bot_user_id: int = self.application_id  # as for real bots: app id == bot user id
        self.bot_name = bot_name
        self.application_name = application_name
        self.owner_id: int = self.ids.next()
        self.owner_name = "owner"
        self.guilds: list[Guild] = []

    def guild(
        self,
        name: str,
        *,
        locale: str = "en-US",
        preferred_locale: str | None = None,
        owner: str = "owner",
    ) -> Guild:
        gid = self.ids.next()
        guild = Guild(
            id=gid,
            name=name,
            owner_id=0,
            locale=locale,
            preferred_locale=preferred_locale or locale,
            _scenario=self,
        )
        guild.roles.append(
            Role(id=gid, guild_id=gid, name="@everyone", permissions=p.DEFAULT_EVERYONE)
        )
        bot_role = Role(
            id=self.ids.next(),
            guild_id=gid,
            name=self.bot_name,
            permissions=p.DEFAULT_EVERYONE,
            position=1,
            managed=True,
            bot_id=self.bot_user_id,
        )
        guild.roles.append(bot_role)
        guild.members.append(
            Member(
                id=self.bot_user_id,
                guild_id=gid,
                name=self.bot_name,
                role_ids=[bot_role.id],
                bot=True,
            )
        )
        guild.owner_id = guild.member(owner).id
        self.guilds.append(guild)
        return guild

    def get_guild(self, guild_id: int) -> Guild | None:
        return next((g for g in self.guilds if g.id == guild_id), None)

    def find_channel(self, channel_id: int) -> tuple[Guild, Channel] | None:
        for guild in self.guilds:
            ch = guild.get_channel(channel_id)
            if ch is not None:
                return guild, ch
        return None

    def find_member(self, user_id: int) -> Member | None:
        """The member with this user id in the first guild that has one."""
        for guild in self.guilds:
            member = guild.get_member(user_id)
            if member is not None:
                return member
        return None

    def bot_role(self, guild: Guild) -> Role:
        """The bot's own managed role in ``guild`` (raise its ``position`` or add
        ``permissions`` to change what the bot may do there)."""
        return next(r for r in guild.roles if r.bot_id == self.bot_user_id)

    def bot_member(self, guild: Guild) -> Member:
        member = guild.get_member(self.bot_user_id)
        assert member is not None
        return member

    def bot_permissions(self, guild: Guild, channel: Channel) -> int:
        """What the bot may do in ``channel``: its roles, then the channel's overwrites."""
        return guild.permissions_for(self.bot_member(guild), channel)
