"""openapi-core's validation errors as ``Problem``s: one per failing field, each naming the
field in the schema's own terms, so an allowlist entry can name exactly one deviation.

A field is written from the schema path of the failing keyword: ``.name`` for a property,
``[]`` for an array's items, ``{}`` for a map's values (``additionalProperties``; nested maps
count once, as in Discord's error bodies whose keys are the request's own field names). So
the string codes in a 50035 body are ``errors{}._errors[].code`` whichever request field
they are about, and an integer ``recipient_id`` in a request body is ``recipient_id``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

COMBINATORS = {"allOf", "oneOf", "anyOf", "prefixItems", "dependentSchemas"}


@dataclass(frozen=True)
class Problem:
    """One way an exchange broke Discord's OpenAPI description."""

    route: str
    """``METHOD /template``."""
    kind: str
    """``request`` or ``response``."""
    status: int
    field: str
    """The failing field (see the module docstring), or what failed outside bodies."""
    keyword: str
    """The schema keyword that failed (``type``, ``required``...), or openapi-core's error."""
    message: str

    def __str__(self) -> str:
        return f"{self.kind} {self.route} [{self.status}] {self.field} ({self.keyword}): " + (
            self.message
        )


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _other_kind(sub: Any, parent: Any) -> bool:
    """Whether ``sub`` says its ``oneOf`` branch describes another kind of value: the value
    itself has another JSON type, or one of its own properties has another fixed value (a
    component's ``type``, an option's ``type``)."""
    depth = len(parent.absolute_path)
    if sub.validator == "type" and len(sub.absolute_path) == depth:
        return True
    return sub.validator in ("enum", "const") and len(sub.absolute_path) == depth + 1


def _reach(error: Any) -> int:
    """How deep into the instance an error (or any error under it) got."""
    return max([len(error.absolute_path), *(_reach(c) for c in error.context or ())])


def _leaf(error: Any) -> Any:
    """The error meant under a jsonschema error. Through ``oneOf``/``anyOf``: the branches
    written for another kind of value are set aside, the branch that got deepest into the
    value is the one it was written for, and jsonschema's ``best_match`` picks within it."""
    from jsonschema.exceptions import best_match

    while error.context:
        branches: dict[Any, list[Any]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        meant = [errs for errs in branches.values() if not any(_other_kind(e, error) for e in errs)]
        deepest = max(meant or branches.values(), key=lambda errs: max(map(_reach, errs)))
        best = best_match(deepest)
        if best is None or best is error:
            break
        error = best
    return error


def field_of(error: Any) -> str:
    """The failing field of a jsonschema error, from its schema path (module docstring)."""
    path = list(error.absolute_schema_path)[:-1]  # the last element is the failing keyword
    parts: list[str] = []
    i = 0
    while i < len(path):
        key = path[i]
        if key == "properties" and i + 1 < len(path):
            parts.append(f".{path[i + 1]}")
            i += 2
        elif key == "patternProperties" or key == "additionalProperties":
            if not parts or parts[-1] != "{}":
                parts.append("{}")
            i += 2 if key == "patternProperties" else 1
        elif key == "items":
            parts.append("[]")
            i += 1
        elif key in COMBINATORS:
            i += 2
        else:
            i += 1
    instance = error.instance
    if error.validator == "required" and isinstance(instance, dict):
        missing = [p for p in error.validator_value if p not in instance]
        parts.extend(f".{p}" for p in missing[:1])
    elif error.validator == "additionalProperties" and isinstance(instance, dict):
        known = error.schema.get("properties") or {}
        parts.extend(f".{k}" for k in instance if k not in known)
    return "".join(parts).lstrip(".") or "<root>"


def problems_from(route: str, kind: str, status: int, exc: BaseException) -> list[Problem]:
    """One ``Problem`` per failing field of an openapi-core validation error."""
    for link in _chain(exc):
        schema_errors = getattr(link, "schema_errors", None)
        if schema_errors:
            return [
                Problem(route, kind, status, field_of(leaf), str(leaf.validator), leaf.message)
                for leaf in (_leaf(error) for error in schema_errors)
            ]
    causes = list(_chain(exc))
    root = causes[-1]
    name = getattr(root, "name", None) or getattr(exc, "name", None)
    return [
        Problem(
            route,
            kind,
            status,
            str(name) if name else "<root>",
            type(root).__name__,
            " <- ".join(f"{type(c).__name__}: {str(c)[:200]}" for c in causes),
        )
    ]
