"""The clipping helpers keep any text within Discord's limits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render.discord_parts import add_field, clip, embed
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
