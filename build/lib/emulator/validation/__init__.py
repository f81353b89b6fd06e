"""Discord's request rules the emulator enforces, answered as Discord does (50035 Invalid Form
Body with nested field errors, 50006 for an empty message): message bodies, interaction
responses and application command definitions."""

from emulator.validation.commands import check_command, check_command_list
from emulator.validation.interactions import check_choices, check_modal
from emulator.validation.messages import IS_COMPONENTS_V2, check_message

__all__ = [
    "IS_COMPONENTS_V2",
    "check_choices",
    "check_command",
    "check_command_list",
    "check_message",
    "check_modal",
]
