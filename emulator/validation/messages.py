"""Discord's rules for a message body, checked the way Discord reports them: 50035 Invalid
Form Body with every field's errors (content, embeds in ``embeds.py``, components in
``components.py``), or 50006 when the message would have nothing to show."""

from __future__ import annotations

import logging
from typing import Any

from emulator.errors import empty_message, field_error, invalid_form_body, max_length, nest
from emulator.validation.components import IS_COMPONENTS_V2, check_components
from emulator.validation.embeds import check_embeds

log = logging.getLogger(__name__)

__all__ = ["IS_COMPONENTS_V2", "check_message"]

MAX_CONTENT = 2000
MAX_NONCE = 25
MAX_STICKERS = 3


def check_message(body: dict[str, Any], *, require_content: bool = True) -> None:
    """Raise 50035 (or 50006 for an empty message) like Discord for an invalid message body.

    ``require_content``: the body creates a message, which needs content (not only
    whitespace), an embed, a component, a sticker, an attachment or a poll."""
    errors: dict[str, Any] = {}
    content = body.get("content")
    if content is not None and not isinstance(content, str):
        content = str(content)
    max_length(errors, ["content"], content, MAX_CONTENT)
    check_embeds(errors, body.get("embeds"), ["embeds"])
    check_components(errors, body.get("components"), int(body.get("flags") or 0))
    nonce = body.get("nonce")
    if isinstance(nonce, str):
        max_length(errors, ["nonce"], nonce, MAX_NONCE)
    stickers = body.get("sticker_ids")
    if isinstance(stickers, list) and len(stickers) > MAX_STICKERS:
        nest(
            ["sticker_ids"],
            field_error("BASE_TYPE_MAX_LENGTH", f"Must be {MAX_STICKERS} or fewer in length."),
            errors,
        )
    if errors:
        raise invalid_form_body(errors)
    if require_content and not (
        (content or "").strip()
        or body.get("embeds")
        or body.get("components")
        or body.get("attachments")
        or body.get("_files")
        or body.get("sticker_ids")
        or body.get("poll")
    ):
        raise empty_message()
