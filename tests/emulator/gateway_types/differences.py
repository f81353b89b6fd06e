"""Gateway frames as TypeScript constants typed with discord-api-types, and the differences
between the wire and those types that remain: each a TypeScript artifact, with why.

Two apply to every frame, through ``Wire<T>``:

- **String enums are nominal in TypeScript.** discord-api-types declares fields such as a
  locale or a guild feature as string enums (``Locale.EnglishUS = "en-US"``); a JSON string is
  never assignable to an enum type, even with the member's exact value. ``Wire<T>`` replaces each
  string enum by the union of its values (``${T}``), so a value outside the enum still fails.
- **Bit fields are typed as enums of single bits.** ``MessageFlags``, ``UserFlags`` and the
  other ``...Flags`` enums list one member per bit, but the wire carries their combinations
  (``0`` for none, ``1 << 6 | 1 << 15``), which are not members; ``Wire<T>`` types those enums as
  ``number``. Every other numeric enum (opcodes, interaction, channel and component types)
  keeps its members, so an unknown type still fails.

The rest are listed in ``DIFFERENCES``: frames whose ``d`` discord-api-types declares as
``undefined`` (no data), which JSON cannot carry.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NON_DISPATCH = {
    1: "GatewayHeartbeatRequest",
    7: "GatewayReconnect",
    9: "GatewayInvalidSession",
    10: "GatewayHello",
    11: "GatewayHeartbeatAck",
}


@dataclass(frozen=True)
class Difference:
    where: str
    """The discord-api-types type of the frames it applies to."""
    typed_as: str
    """The type the check uses for them instead."""
    why: str


NO_DATA = (
    "discord-api-types declares `d: undefined` for a frame without data; JSON has no "
    "undefined, and Discord's Gateway documentation gives `d` as nullable (`?mixed`) and shows "
    'this frame with `"d": null`.'
)
DIFFERENCES = [
    Difference(
        "GatewayHeartbeatAck", 'Omit<Wire<GatewayHeartbeatAck>, "d"> & { d: null }', NO_DATA
    ),
    Difference("GatewayReconnect", 'Omit<Wire<GatewayReconnect>, "d"> & { d: null }', NO_DATA),
    Difference(
        "GatewayResumedDispatch",
        'Omit<Wire<GatewayResumedDispatch>, "d"> & { d: Record<string, never> }',
        "discord-api-types declares RESUMED's `d` as `undefined` (the event documents no "
        "fields); JSON has no undefined, and the data is an object: discord.py's gateway writes "
        "`__shard_id__` into it, so a null would break every discord.py bot. The emulator sends "
        "an empty object.",
    ),
]

WIRE = """
type Wire<T> = T extends Bitfield
  ? number
  : T extends string
    ? `${T}`
    : T extends readonly (infer U)[]
      ? Wire<U>[]
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;
"""


def type_name(frame: dict[str, Any]) -> str:
    """discord-api-types' name for a frame's type (``GatewayMessageCreateDispatch``)."""
    if frame["op"] != 0:
        return NON_DISPATCH[frame["op"]]
    words = str(frame["t"]).lower().split("_")
    return "Gateway" + "".join(w.capitalize() for w in words) + "Dispatch"


def flag_enums(package: Path) -> list[str]:
    """The bit-field enums of discord-api-types v10 (``enum ...Flags``)."""
    found: set[str] = set()
    for dts in (package / "payloads" / "v10").glob("*.d.ts"):
        found.update(re.findall(r"export declare enum (\w+Flags) ", dts.read_text()))
    return sorted(found)


def typescript_module(frames: list[dict[str, Any]], node_modules: Path) -> tuple[str, set[str]]:
    """A .ts module with every frame as a typed constant, and the differences it used."""
    package = node_modules / "discord-api-types"
    flags = flag_enums(package)
    names = sorted({type_name(f) for f in frames} | set(flags))
    overrides = {d.where: d.typed_as for d in DIFFERENCES}
    lines = [
        f"import type {{ {', '.join(names)} }} from {json.dumps(str(package / 'v10'))};",
        f"type Bitfield = {' | '.join(flags)};",
        WIRE,
    ]
    used: set[str] = set()
    for i, frame in enumerate(frames):
        name = type_name(frame)
        typed = overrides.get(name, f"Wire<{name}>")
        if name in overrides:
            used.add(name)
        lines.append(f"export const f{i}: {typed} = {json.dumps(frame, ensure_ascii=False)};")
    return "\n".join(lines) + "\n", used
