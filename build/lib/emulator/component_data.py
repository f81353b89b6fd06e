"""Message components as a user meets them: finding one on a message, filling in a modal."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

log = logging.getLogger(__name__)

JSON = dict[str, Any]

BUTTON, STRING_SELECT, TEXT_INPUT = 2, 3, 4
SELECTS = (3, 5, 6, 7, 8)  # string, user, role, mentionable and channel selects
ACTION_ROW, LABEL = 1, 18


def iter_components(components: list[Any]) -> Iterator[JSON]:
    """Every component, depth first, through action rows, sections, containers and labels."""
    for comp in components or []:
        if not isinstance(comp, dict):
            continue
        yield comp
        yield from iter_components(comp.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(comp.get(key), dict):
                yield from iter_components([comp[key]])


def find_component(message: JSON, custom_id: str) -> JSON | None:
    """The component ``custom_id`` on ``message``, wherever it is nested."""
    return next(
        (
            c
            for c in iter_components(message.get("components") or [])
            if c.get("custom_id") == custom_id
        ),
        None,
    )


def modal_submit_data(modal: JSON, values: dict[str, str]) -> JSON:
    """``data`` of the MODAL_SUBMIT interaction for ``modal`` filled in with ``values``
    (text by the text inputs' custom_ids; an input not given is submitted empty)."""

    def submitted(comp: JSON) -> JSON:
        if comp.get("type") == TEXT_INPUT:
            return {
                "type": TEXT_INPUT,
                "custom_id": comp["custom_id"],
                "value": values.get(comp["custom_id"], ""),
            }
        if comp.get("type") == LABEL and isinstance(comp.get("component"), dict):
            return {"type": LABEL, "component": submitted(comp["component"])}
        if comp.get("type") == ACTION_ROW:
            return {
                "type": ACTION_ROW,
                "components": [submitted(c) for c in comp.get("components") or []],
            }
        return {"type": comp.get("type")}

    return {
        "custom_id": modal.get("custom_id"),
        "components": [submitted(c) for c in modal.get("components") or []],
    }
