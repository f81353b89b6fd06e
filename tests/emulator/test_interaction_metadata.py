"""Messages sent in answer to interactions carry ``interaction_metadata`` as Discord documents
it (Message Interaction Metadata Object), and discord.py reads each part."""

from __future__ import annotations

from typing import Any

import discord
from emu_bot import EmuBot

from emulator import Emulator, Reply


def parsed(bot: EmuBot, reply: Reply) -> discord.MessageInteractionMetadata:
    """The reply's message as discord.py builds it, and its interaction metadata."""
    assert reply.message is not None
    channel = bot.get_channel(int(reply.message["channel_id"]))
    assert isinstance(channel, discord.TextChannel)
    message = discord.Message(state=bot._connection, channel=channel, data=reply.message)  # type: ignore[arg-type]
    assert message.interaction_metadata is not None
    return message.interaction_metadata


def people(emu: Emulator) -> tuple[Any, Any, Any]:
    g = emu.scenario.guilds[0]
    return g.channel_named("general"), g.member_named("alice"), g.member_named("bob")


async def test_a_command_answer_names_the_command_and_its_user(
    emulator: Emulator, bot: EmuBot
) -> None:
    general, alice, _ = people(emulator)
    reply = await emulator.command(alice, general, "counter")
    data = reply.message["interaction_metadata"]  # type: ignore[index]
    assert data["type"] == 2 and data["id"] == str(reply.interaction.id)  # type: ignore[union-attr]
    assert data["authorizing_integration_owners"] == {"0": str(general.guild_id)}
    assert not {"interacted_message_id", "triggering_interaction_metadata"} & data.keys()
    meta = parsed(bot, reply)
    assert meta.user.id == alice.id and meta.type is discord.InteractionType.application_command


async def test_a_click_answer_names_the_clicked_message(emulator: Emulator, bot: EmuBot) -> None:
    general, alice, bob = people(emulator)
    counter = await emulator.command(alice, general, "counter")
    reply = await emulator.click(bob, counter, "emu:say")
    meta = parsed(bot, reply)
    assert meta.type is discord.InteractionType.component
    assert meta.interacted_message_id == int(counter.message["id"])  # type: ignore[index]
    assert meta.user.id == bob.id


async def test_a_modal_answer_names_what_opened_the_modal(emulator: Emulator, bot: EmuBot) -> None:
    general, alice, bob = people(emulator)
    counter = await emulator.command(alice, general, "counter")
    survey = await emulator.click(bob, counter, "emu:ask")
    answer = await emulator.submit_modal(bob, survey, {"sv:a": "yes"})
    meta = parsed(bot, answer)
    assert meta.type is discord.InteractionType.modal_submit
    opened_by = meta.modal_interaction
    assert opened_by is not None and opened_by.type is discord.InteractionType.component
    assert opened_by.interacted_message_id == int(counter.message["id"])  # type: ignore[index]
    assert opened_by.id == survey.interaction.id  # type: ignore[union-attr]

    modal = await emulator.command(alice, general, "feedback")
    thanks = await emulator.submit_modal(alice, modal, {"fb:text": "fine"})
    trigger = thanks.message["interaction_metadata"]["triggering_interaction_metadata"]  # type: ignore[index]
    assert trigger["type"] == 2 and "interacted_message_id" not in trigger


async def test_a_followup_names_the_original_response(emulator: Emulator, bot: EmuBot) -> None:
    general, alice, _ = people(emulator)
    handle = await emulator.command(alice, general, "announce", wait=False)
    await emulator.wait_until(lambda: len(handle.followup_ids) == 1, 5, "the followup")
    followup = emulator.message(handle.followup_ids[0])
    assert followup is not None
    meta = parsed(bot, Reply(type=4, via="followup", message=followup))
    assert meta.original_response_message_id == handle.original_message_id


async def test_a_user_command_answer_names_its_target(emulator: Emulator, bot: EmuBot) -> None:
    general, alice, bob = people(emulator)
    reply = await emulator.context_menu(alice, general, "Wave", bob)
    meta = parsed(bot, reply)
    assert meta.target_user is not None and meta.target_user.id == bob.id
