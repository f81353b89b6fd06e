"""Typed errors in tests: assert what was refused, and read it the way an English reader does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from bot.errors import UserFacingError
from bot.render.catalog import for_lang, for_locale
from bot.render.errors import explain


def english(error: BaseException) -> str:
    """What an English reader is told for ``error``."""
    assert isinstance(error, UserFacingError), error
    return explain(error, for_lang("en"))


@contextmanager
def refused(
    match: str | None = None, kind: type[UserFacingError] = UserFacingError
) -> Iterator[pytest.ExceptionInfo[UserFacingError]]:
    """Like ``pytest.raises(kind, match=...)``, matching the English explanation."""
    with pytest.raises(kind) as caught:
        yield caught
    if match is not None:
        text = english(caught.value)
        assert re.search(match, text), f"{match!r} not in {text!r}"


def told(reader: object, error: UserFacingError) -> str:
    """What ``reader`` (anything with a Discord ``locale``, e.g. an emulator member) is told."""
    return explain(error, for_locale(str(getattr(reader, "locale", "en-US"))))
