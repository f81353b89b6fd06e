"""The clipping helpers keep any text within Discord's limits."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render.discord_parts import Message, Upload, add_field, clip, embed, upload
from bot.render.progress import progress_card, week_chart_file
from tests.render.checks import check_embed

texts = st.one_of(
    st.text(max_size=300),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=40), st.integers(0, 400)),
)


@settings(max_examples=300, deadline=None)
@given(text=texts, limit=st.integers(1, 7000))
def test_clip_never_exceeds(text: str, limit: int) -> None:
    out = clip(text, limit)
    assert len(out) <= limit
    if len(text) <= limit:
        assert out == text
    else:
        assert out.endswith("…") and text.startswith(out[:-1])


@settings(max_examples=200, deadline=None)
@given(
    title=texts,
    description=texts,
    footer=st.one_of(st.none(), texts),
    fields=st.lists(st.tuples(texts, texts, st.booleans()), max_size=40),
)
def test_embed_and_fields_never_exceed(
    title: str,
    description: str,
    footer: str | None,
    fields: list[tuple[str, str, bool]],
) -> None:
    e = embed(title, description, footer=footer)
    check_embed(e)
    for name, value, inline in fields:
        add_field(e, name, value, inline=inline)
        check_embed(e)


def test_embed_all_parts_at_their_maximum() -> None:
    """Title, description and footer each at their own limit still fit the 6000 total."""
    e = embed("t" * 5000, "d" * 5000, footer="f" * 5000)
    check_embed(e)
    for _ in range(30):
        add_field(e, "n" * 300, "v" * 2000)
        check_embed(e)


# -- files -----------------------------------------------------------------------------------


def test_files_fit_discord_by_construction() -> None:
    card = progress_card(b"\x89PNG", "x" * 5000)
    (file,) = card.files
    assert (file.filename, file.data) == ("progress.png", b"\x89PNG")
    assert file.description is not None and len(file.description) == 1024  # Discord's maximum
    assert week_chart_file(b"png", "alt") == Upload("week.png", b"png", "alt")
    with pytest.raises(ValueError, match="at most 10"):
        Message(files=[upload(f"{i}.png", b"") for i in range(11)])
    with pytest.raises(ValueError, match="over"):
        upload("big.bin", b"x" * (10 * 1024 * 1024 + 1))


def test_each_send_gets_new_files() -> None:
    """A discord.File is spent by one send (its stream is read and closed): every send makes
    its own from the bytes."""
    card = progress_card(b"picture", "alt")
    first, second = card.discord_files(), card.discord_files()
    assert first[0] is not second[0]
    assert first[0].fp.read() == b"picture" and second[0].fp.read() == b"picture"
    assert (first[0].filename, first[0].description) == ("progress.png", "alt")
    assert card.kwargs()["files"] != [] and "view" not in card.kwargs()
