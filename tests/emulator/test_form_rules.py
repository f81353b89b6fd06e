"""Discord's required-field and structure rules for messages, embeds and components: each
broken body is refused with 50035 and the field error Discord reports, nothing is stored, and
the bodies just inside the rules are accepted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from emulator import Emulator

REQUIRED = {"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}


@pytest_asyncio.fixture
async def http(emulator: Emulator) -> AsyncIterator[aiohttp.ClientSession]:
    headers = {"Authorization": f"Bot {emulator.token}"}
    async with aiohttp.ClientSession(emulator.rest_base + "/", headers=headers) as session:
        yield session


async def send(emu: Emulator, http: aiohttp.ClientSession, body: dict[str, Any]) -> Any:
    channel = emu.scenario.guilds[0].channel_named("general")
    async with http.post(f"channels/{channel.id}/messages", json=body) as resp:
        return resp.status, await resp.json()


def button(custom_id: str | None = "b", label: str | None = "ok", **more: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"type": 2, "style": more.pop("style", 1), **more}
    if custom_id is not None:
        data["custom_id"] = custom_id
    if label is not None:
        data["label"] = label
    return data


def select(custom_id: str | None = "s", options: list[dict[str, Any]] | None = None) -> dict:  # type: ignore[type-arg]
    data: dict[str, Any] = {"type": 3, "options": options or [{"label": "a", "value": "a"}]}
    if custom_id is not None:
        data["custom_id"] = custom_id
    return data


def row(*items: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(items)}


def field(name: str | None = "n", value: str | None = "v") -> dict[str, Any]:
    return {k: v for k, v in (("name", name), ("value", value)) if v is not None}


def in_row(*path: int | str) -> list[str | int]:
    return ["components", 0, "components", *path]


REFUSED: list[tuple[str, dict[str, Any], list[str | int], str]] = [
    (
        "field name empty",
        {"embeds": [{"fields": [field(name="")]}]},
        ["embeds", 0, "fields", 0, "name"],
        "BASE_TYPE_REQUIRED",
    ),
    (
        "field name blank",
        {"embeds": [{"fields": [field(name="  ")]}]},
        ["embeds", 0, "fields", 0, "name"],
        "BASE_TYPE_REQUIRED",
    ),
    (
        "field value missing",
        {"embeds": [{"fields": [field(value=None)]}]},
        ["embeds", 0, "fields", 0, "value"],
        "BASE_TYPE_REQUIRED",
    ),
    (
        "footer without text",
        {"embeds": [{"title": "t", "footer": {}}]},
        ["embeds", 0, "footer", "text"],
        "BASE_TYPE_REQUIRED",
    ),
    (
        "author without name",
        {"embeds": [{"title": "t", "author": {"name": ""}}]},
        ["embeds", 0, "author", "name"],
        "BASE_TYPE_REQUIRED",
    ),
    (
        "button without label or emoji",
        {"components": [row(button(label=None))]},
        in_row(0, "label"),
        "BASE_TYPE_REQUIRED",
    ),
    (
        "button without custom_id",
        {"components": [row(button(custom_id=None))]},
        in_row(0, "custom_id"),
        "BUTTON_COMPONENT_CUSTOM_ID_REQUIRED",
    ),
    (
        "button with an empty custom_id",
        {"components": [row(button(custom_id=""))]},
        in_row(0, "custom_id"),
        "BUTTON_COMPONENT_CUSTOM_ID_REQUIRED",
    ),
    (
        "button with a url",
        {"components": [row(button(url="https://x.y"))]},
        in_row(0, "url"),
        "BUTTON_COMPONENT_CUSTOM_ID_URL_MUTUALLY_EXCLUSIVE",
    ),
    (
        "link button without url",
        {"components": [row(button(custom_id=None, style=5))]},
        in_row(0, "url"),
        "BASE_TYPE_REQUIRED",
    ),
    (
        "link button with custom_id",
        {"components": [row(button(style=5, url="https://x.y"))]},
        in_row(0, "custom_id"),
        "BUTTON_COMPONENT_CUSTOM_ID_URL_MUTUALLY_EXCLUSIVE",
    ),
    (
        "unknown button style",
        {"components": [row(button(style=9))]},
        in_row(0, "style"),
        "BASE_TYPE_CHOICES",
    ),
    (
        "empty action row",
        {"components": [row()]},
        ["components", 0, "components"],
        "BASE_TYPE_BAD_LENGTH",
    ),
    (
        "select beside a button",
        {"components": [row(select(), button())]},
        in_row(1),
        "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
    ),
    (
        "select without custom_id",
        {"components": [row(select(custom_id=None))]},
        in_row(0, "custom_id"),
        "BASE_TYPE_REQUIRED",
    ),
    (
        "select without options",
        {"components": [row({"type": 3, "custom_id": "s", "options": []})]},
        in_row(0, "options"),
        "BASE_TYPE_BAD_LENGTH",
    ),
    (
        "select with 26 options",
        {
            "components": [
                row(select(options=[{"label": str(i), "value": str(i)} for i in range(26)]))
            ]
        },
        in_row(0, "options"),
        "BASE_TYPE_BAD_LENGTH",
    ),
    (
        "option without label",
        {"components": [row(select(options=[{"label": "", "value": "a"}]))]},
        in_row(0, "options", 0, "label"),
        "BASE_TYPE_REQUIRED",
    ),
    (
        "option value over 100",
        {"components": [row(select(options=[{"label": "a", "value": "v" * 101}]))]},
        in_row(0, "options", 0, "value"),
        "BASE_TYPE_MAX_LENGTH",
    ),
    (
        "duplicate option values",
        {
            "components": [
                row(select(options=[{"label": "a", "value": "x"}, {"label": "b", "value": "x"}]))
            ]
        },
        in_row(0, "options", 1),
        "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
    ),
    (
        "max_values over 25",
        {"components": [row({**select(), "max_values": 26})]},
        in_row(0, "max_values"),
        "NUMBER_TYPE_MAX",
    ),
    (
        "custom_id shared by a button and a select",
        {"components": [row(button("x")), row(select("x"))]},
        ["components", 1, "components", 0, "custom_id"],
        "COMPONENT_CUSTOM_ID_DUPLICATED",
    ),
    ("4 stickers", {"sticker_ids": ["1", "2", "3", "4"]}, ["sticker_ids"], "BASE_TYPE_MAX_LENGTH"),
]


@pytest.mark.openapi_invalid_requests
@pytest.mark.parametrize(("case", "body", "path", "code"), REFUSED, ids=[c[0] for c in REFUSED])
async def test_a_broken_body_is_refused_with_the_field_error(
    emulator: Emulator,
    http: aiohttp.ClientSession,
    case: str,
    body: dict[str, Any],
    path: list[str | int],
    code: str,
) -> None:
    status, data = await send(emulator, http, {"content": "hi", **body})
    assert status == 400, data
    assert data["code"] == 50035 and data["message"] == "Invalid Form Body"
    node = data["errors"]
    for key in path:
        node = node[str(key)]
    assert [e["code"] for e in node["_errors"]] == [code]
    assert emulator.messages(emulator.scenario.guilds[0].channel_named("general")) == []


@pytest.mark.openapi_invalid_requests
async def test_an_empty_field_value_gets_discords_exact_body(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    status, data = await send(emulator, http, {"embeds": [{"fields": [field(value="")]}]})
    assert status == 400
    assert data == {
        "code": 50035,
        "errors": {"embeds": {"0": {"fields": {"0": {"value": {"_errors": [REQUIRED]}}}}}},
        "message": "Invalid Form Body",
    }


@pytest.mark.parametrize(
    "body",
    [
        {"content": "   "},
        {"content": None, "embeds": []},
        {"components": []},
    ],
    ids=["whitespace only", "no content, no embeds", "no components"],
)
async def test_a_message_with_nothing_to_show_is_50006(
    emulator: Emulator, http: aiohttp.ClientSession, body: dict[str, Any]
) -> None:
    status, data = await send(emulator, http, body)
    assert (status, data) == (400, {"message": "Cannot send an empty message", "code": 50006})


async def test_bodies_just_inside_the_rules_are_accepted(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    options = [{"label": "o" * 100, "value": f"{i}"} for i in range(25)]
    body = {
        "embeds": [
            {
                "footer": {"text": "f"},
                "author": {"name": "a"},
                "fields": [field("n" * 256, "v" * 1024)],
            }
        ],
        "components": [
            row(button("b1"), button(custom_id=None, style=5, url="https://example.com")),
            row(button("b2", label=None, emoji={"name": "✅"})),
            row({**select("s", options), "min_values": 0, "max_values": 25}),
        ],
        "sticker_ids": ["1", "2", "3"],
    }
    status, data = await send(emulator, http, body)
    assert status == 200, data
    assert len(emulator.messages(emulator.scenario.guilds[0].channel_named("general"))) == 1


async def test_an_edit_that_leaves_nothing_to_show_is_50006(
    emulator: Emulator, http: aiohttp.ClientSession
) -> None:
    status, sent = await send(emulator, http, {"content": "hello"})
    assert status == 200
    url = f"channels/{sent['channel_id']}/messages/{sent['id']}"
    async with http.patch(url, json={"content": " "}) as resp:
        assert (resp.status, await resp.json()) == (
            400,
            {"message": "Cannot send an empty message", "code": 50006},
        )
    async with http.patch(url, json={"content": "", "embeds": [{"title": "t"}]}) as resp:
        assert resp.status == 200  # an embed is something to show
    assert emulator.message(int(sent["id"]))["embeds"][0]["title"] == "t"  # type: ignore[index]
