"""Unit tests: deterministic ids, the permission algorithm, 50035 rules for components v2,
route normalisation."""

from __future__ import annotations

import pytest

from emulator import Scenario
from emulator import permissions as P
from emulator.errors import DiscordHTTPError
from emulator.faults import normalize_route
from emulator.snowflake import snowflake_time
from emulator.validation import IS_COMPONENTS_V2, check_message


def build() -> Scenario:
    sc = Scenario()
    g = sc.guild("Study Hall")
    g.text_channel("general")
    g.member("alice", manage_guild=True)
    return sc


def test_scenario_ids_are_deterministic_and_ordered() -> None:
    a, b = build(), build()
    ids_a = [a.application_id, a.guilds[0].id, a.guilds[0].channels[0].id]
    ids_b = [b.application_id, b.guilds[0].id, b.guilds[0].channels[0].id]
    assert ids_a == ids_b
    assert ids_a == sorted(ids_a)
    assert 1704067200 <= snowflake_time(ids_a[0]) < 1704067300  # 2024-01-01


def test_permission_overwrites_in_discords_order() -> None:
    sc = Scenario()
    g = sc.guild("G")
    mods = g.role("Mods")
    ch = g.text_channel("c")
    alice = g.member("alice", roles=[mods])
    admin = g.member("root", administrator=True)
    ch.deny(g.everyone, send=True)
    ch.allow(mods, bits=P.SEND_MESSAGES)  # a role allow beats the @everyone deny
    assert g.permissions_for(alice, ch) & P.SEND_MESSAGES
    ch.deny(alice, send=True)  # a member overwrite beats the role allow
    assert not g.permissions_for(alice, ch) & P.SEND_MESSAGES
    ch.deny(g.everyone, view=True)
    assert g.permissions_for(alice, ch) == 0  # no VIEW_CHANNEL: nothing at all
    assert g.permissions_for(admin, ch) == P.ALL
    assert g.permissions_for(g.get_member(g.owner_id), ch) == P.ALL  # type: ignore[arg-type]
    bot = sc.bot_member(g)
    assert g.permissions_for(bot, ch) == 0  # @everyone lost VIEW_CHANNEL here too
    ch.allow(None, bits=P.VIEW_CHANNEL | P.SEND_MESSAGES)
    assert g.permissions_for(bot, ch) & P.SEND_MESSAGES


def v2(*components: dict[str, object]) -> dict[str, object]:
    return {"flags": IS_COMPONENTS_V2, "components": list(components)}


def test_components_v2_custom_ids_are_checked_inside_containers() -> None:
    button = {"type": 2, "style": 1, "label": "ok", "custom_id": "same"}
    container = {
        "type": 17,
        "components": [
            {"type": 10, "content": "hello"},
            {"type": 1, "components": [button]},
            {"type": 9, "components": [{"type": 10, "content": "x"}], "accessory": button},
        ],
    }
    with pytest.raises(DiscordHTTPError) as dup:
        check_message(v2(container))
    assert dup.value.code == 50035
    node = dup.value.errors["components"]["0"]["components"]["2"]["accessory"]  # type: ignore[index]
    assert node["custom_id"]["_errors"][0]["code"] == "COMPONENT_CUSTOM_ID_DUPLICATED"
    check_message(v2({"type": 10, "content": "a text display alone is fine"}))


def test_route_normalisation() -> None:
    assert normalize_route("post /api/v10/channels/{cid}/messages") == "POST /channels/{}/messages"
    assert normalize_route("GET /users/@me") == "GET /users/@me"
