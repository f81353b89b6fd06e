"""Files on messages and interaction replies: discord.py's multipart uploads taken the way
Discord documents them, attachment objects on the stored message, and the files served at their
``url`` (run with ``--openapi-validate``, every exchange is also checked against the spec)."""

from __future__ import annotations

import io
import json
import struct
import zlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import pytest
import pytest_asyncio
from discord.ext import commands

from emulator import Emulator, running_bot
from emulator.scenario import Scenario
from emulator.uploads import MultipartError, Upload, read_multipart


def png(width: int, height: int) -> bytes:
    """A real (tiny, grey) PNG of that size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PICTURE = png(30, 20)
CSV = b"name,ticks\nalice,3\n"


def file(data: bytes, name: str, description: str | None = None) -> discord.File:
    return discord.File(io.BytesIO(data), filename=name, description=description)


class FileBot(commands.Bot):
    """Answers with files in every way a bot can."""

    def __init__(self) -> None:
        super().__init__(command_prefix="!", intents=discord.Intents.default())
        self.failures: list[discord.HTTPException] = []
        tree = self.tree

        @tree.command(description="A picture, privately")
        async def picture(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(
                "here", file=file(PICTURE, "card.png", "a grey card"), ephemeral=True
            )

        @tree.command(description="Think, then a picture")
        async def later(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await interaction.followup.send(file=file(PICTURE, "card.png"), ephemeral=True)
            extra = await interaction.followup.send(
                "and a table", file=file(CSV, "export.csv"), wait=True
            )
            assert extra.attachments[0].filename == "export.csv"

        @tree.command(description="Post two files in the channel, then drop one")
        async def post(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("posting", ephemeral=True)
            assert isinstance(interaction.channel, discord.TextChannel)
            sent = await interaction.channel.send(
                "two files", files=[file(PICTURE, "a.png"), file(CSV, "b.csv", "the data")]
            )
            await sent.edit(attachments=[sent.attachments[1]])

        @tree.command(description="A file over the size limit")
        async def huge(interaction: discord.Interaction) -> None:
            try:
                await interaction.response.send_message(file=file(b"x" * 2048, "big.bin"))
            except discord.HTTPException as exc:
                self.failures.append(exc)
                await interaction.response.send_message("too big", ephemeral=True)

    async def setup_hook(self) -> None:
        await self.tree.sync()


@pytest.fixture
def scenario() -> Scenario:
    sc = Scenario()
    hall = sc.guild("Study Hall")
    hall.text_channel("general")
    hall.member("alice")
    return sc


@pytest_asyncio.fixture
async def filebot(emulator: Emulator) -> AsyncIterator[FileBot]:
    client = FileBot()
    async with running_bot(emulator, client, wait_sync=True):
        yield client


async def download(url: str) -> tuple[int, str, bytes]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, response.content_type, await response.read()


def where(emulator: Emulator) -> tuple[Any, Any]:
    hall = emulator.scenario.guilds[0]
    return hall.member_named("alice"), hall.channel_named("general")


async def test_a_reply_with_a_picture(emulator: Emulator, filebot: FileBot) -> None:
    alice, general = where(emulator)
    reply = await emulator.command(alice, general, "picture")
    assert reply.content == "here" and reply.ephemeral
    (att,) = reply.attachments
    assert att["filename"] == "card.png" and att["description"] == "a grey card"
    assert (att["size"], att["content_type"], att["width"], att["height"]) == (
        len(PICTURE),
        "image/png",
        30,
        20,
    )
    assert att["ephemeral"] is True and int(att["id"]) > 0
    assert att["url"] == f"{emulator.api_base}/attachments/{general.id}/{att['id']}/card.png"
    assert await download(att["url"]) == (200, "image/png", PICTURE)
    sent = emulator.requests[-1]
    assert sent.route == "POST /interactions/{interaction_id}/{interaction_token}/callback"
    assert sent.json["_files"] == [
        {"field": "files[0]", "filename": "card.png", "size": len(PICTURE)}
    ]


async def test_a_thinking_reply_becomes_the_picture(emulator: Emulator, filebot: FileBot) -> None:
    alice, general = where(emulator)
    handle = await emulator.command(alice, general, "later", wait=False)
    reply = await handle.wait_reply()
    assert reply.via == "followup" and reply.type == 5
    assert reply.message is not None and reply.message["id"] == str(handle.original_message_id)
    assert [a["filename"] for a in reply.attachments] == ["card.png"]
    assert (await download(reply.attachments[0]["url"]))[2] == PICTURE

    def second_followup() -> bool:
        return len(handle.followup_ids) == 2

    await emulator.wait_until(second_followup, timeout=10, what="the second followup")
    table = emulator.message(handle.followup_ids[1])
    assert table is not None and table["content"] == "and a table"
    (att,) = table["attachments"]
    assert (att["content_type"], "width" in att, "ephemeral" in att) == (
        "text/csv; charset=utf-8",
        False,
        False,
    )
    assert await download(att["url"]) == (200, "text/csv", CSV)


async def test_channel_files_and_an_edit_that_keeps_one(
    emulator: Emulator, filebot: FileBot
) -> None:
    alice, general = where(emulator)
    await emulator.command(alice, general, "post")
    message = await emulator.wait_for_message(
        general, lambda m: m.get("edited_timestamp") is not None, timeout=10
    )
    assert message["content"] == "two files"
    (kept,) = message["attachments"]
    assert (kept["filename"], kept["description"]) == ("b.csv", "the data")
    assert (await download(kept["url"]))[0] == 200
    create = next(
        r for r in reversed(emulator.requests) if r.route == "POST /channels/{channel_id}/messages"
    )
    assert [f["filename"] for f in create.json["_files"]] == ["a.png", "b.csv"]
    dropped = create.response["attachments"][0]
    assert dropped["filename"] == "a.png"
    assert (await download(dropped["url"]))[0] == 404  # the edit left it out: it is gone


async def test_a_file_over_the_limit_is_refused(emulator: Emulator, filebot: FileBot) -> None:
    emulator.attachment_size_limit = 1024
    alice, general = where(emulator)
    handle = await emulator.command(alice, general, "huge", wait=False)
    reply = await handle.wait_reply(raise_on_error=False)
    assert reply.content == "too big"
    assert handle.errors == [{"status": 413, "message": "Request entity too large", "code": 40005}]
    (failure,) = filebot.failures
    assert (failure.status, failure.code) == (413, 40005)


async def test_more_than_ten_files_and_files_without_payload_json(emulator: Emulator) -> None:
    """What discord.py never sends, straight over HTTP: eleven files (50035), and a body of
    plain form fields (taken as the JSON body's fields)."""
    _, general = where(emulator)
    url = f"{emulator.rest_base}/channels/{general.id}/messages"
    headers = {"Authorization": f"Bot {emulator.token}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        form = aiohttp.FormData()
        form.add_field("payload_json", json.dumps({"content": "many"}))
        for i in range(11):
            form.add_field(f"files[{i}]", b"x", filename=f"{i}.txt")
        async with session.post(url, data=form) as response:
            assert response.status == 400
            body = await response.json()
        assert body["code"] == 50035 and "attachments" in body["errors"]
        form = aiohttp.FormData()
        form.add_field("content", "plain fields")
        form.add_field("files[0]", PICTURE, filename="p.png")
        async with session.post(url, data=form) as response:
            assert response.status == 200
            sent = await response.json()
    assert sent["content"] == "plain fields"
    assert [a["filename"] for a in sent["attachments"]] == ["p.png"]
    assert len(emulator.messages(general)) == 1


async def test_files_of_deleted_messages_and_unknown_urls_are_404(emulator: Emulator) -> None:
    _, general = where(emulator)
    message = emulator.message_store.build(
        channel_id=general.id,
        body={"content": "x"},
        uploads=[Upload(0, "a.png", None, PICTURE)],
    )
    emulator.message_store.add(message)
    url = message["attachments"][0]["url"]
    assert (await download(url))[0] == 200
    assert (await download(url.replace("a.png", "b.png")))[0] == 404
    assert (await download(f"{emulator.api_base}/attachments/1/2/a.png"))[0] == 404
    await emulator.message_store.delete(message)
    assert (await download(url))[0] == 404


def test_a_multipart_body_read_part_by_part() -> None:
    boundary = "XyZ"

    def body(*parts: tuple[str, str | None, bytes]) -> bytes:
        out = b""
        for name, filename, data in parts:
            disposition = f'form-data; name="{name}"' + (
                f'; filename="{filename}"' if filename else ""
            )
            out += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
            out += data + b"\r\n"
        return out + f"--{boundary}--\r\n".encode()

    content_type = f"multipart/form-data; boundary={boundary}"
    payload, uploads = read_multipart(
        content_type,
        body(
            ("payload_json", None, b'{"content": "hi", "attachments": [{"id": 1}]}'),
            ("files[1]", "%E5%9B%BE.png", b"\r\n--not-a-boundary\r\n"),
            ("file", "ignored.txt", b"not files[n]"),
        ),
    )
    assert payload == {"content": "hi", "attachments": [{"id": 1}]}  # other fields: ignored
    assert [(u.index, u.filename, u.data) for u in uploads] == [
        (1, "图.png", b"\r\n--not-a-boundary\r\n")
    ]
    with pytest.raises(MultipartError, match="twice"):
        read_multipart(content_type, body(("files[0]", "a", b"1"), ("files[0]", "b", b"2")))
    fields, none = read_multipart(content_type, body(("content", None, "你好".encode())))
    assert (fields, none) == ({"content": "你好"}, [])
