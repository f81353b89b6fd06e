"""Fixtures more than one file here uses: the roadmaps shipped in ``roadmaps/``, read once per
module.

``roadmaps`` and ``shipped`` are the same roadmaps under the two names the tests use. A module
that defines a fixture of the same name uses its own.
"""

from __future__ import annotations

import pytest

from bot.roadmaps import Roadmap, load_roadmaps
from tests.conftest import REPO


@pytest.fixture(scope="module")
def roadmaps() -> dict[str, Roadmap]:
    return load_roadmaps(REPO / "roadmaps")


@pytest.fixture(scope="module")
def shipped() -> dict[str, Roadmap]:
    return load_roadmaps(REPO / "roadmaps")
