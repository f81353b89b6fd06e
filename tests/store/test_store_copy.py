"""Every row out (``export_rows``, ``row_counts``) and in again (``import_all``), on every
backend and between them: what ``studybot db copy`` is built on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import ImportBatch, RowsRejectedError, Store
from bot.store.tables import TABLES
from tests.conftest import NOW
from tests.store.backends import BACKENDS, Database, fresh_database
from tests.store.samples import GUILD_A, GUILD_B, new_group
from tests.store.test_store_import import sample


async def everything(store: Store, chunk: int = 2) -> list[ImportBatch]:
    return [batch async for batch in store.export_rows(chunk)]


async def streamed(batches: list[ImportBatch]) -> AsyncIterator[ImportBatch]:
    for batch in batches:
        yield batch


def rows_of(batches: list[ImportBatch]) -> dict[str, list[object]]:
    return {kind: [row for b in batches for row in getattr(b, kind)] for kind in TABLES}


async def test_export_gives_every_row_in_chunks_of_one_kind(store: Store) -> None:
    await store.import_rows(sample(), NOW)
    batches = await everything(store, chunk=2)
    for batch in batches:
        kinds = [kind for kind in TABLES if getattr(batch, kind)]
        assert len(kinds) == 1 and len(getattr(batch, kinds[0])) <= 2
    rows = rows_of(batches)
    given = sample()
    assert [g.id for g in rows["groups"]] == [40, 41]
    assert rows["members"] == sorted(given.members, key=lambda m: (m.group_id, m.user_id))
    assert rows["ticks"] == list(given.ticks)
    assert rows["checkins"] == list(given.checkins)
    assert rows["streaks"] == list(given.streaks)
    assert rows["pauses"] == list(given.pauses)
    assert rows["settings"] == list(given.settings)
    assert rows["breaks"] == list(given.breaks)
    assert rows["milestone_roles"] == list(given.milestone_roles)
    assert rows["milestone_grants"] == list(given.milestone_grants)
    assert rows["reminder_prefs"] == list(given.reminder_prefs)
    assert rows["reminders"] == list(given.reminders)
    assert rows["rollcalls"] == list(given.rollcalls)
    assert rows["edits"] == list(given.edits)
    assert rows["threads"] == list(given.threads)
    counts = await store.row_counts()
    assert counts == {
        "guilds": 2, "groups": 2, "pauses": 2, "members": 3, "posts": 3, "ticks": 4,
        "checkins": 2, "streaks": 1, "settings": 3, "breaks": 1, "ticks_done": 4,
        "checkins_done": 2, "milestone_roles": 1, "milestone_grants": 2,
        "reminder_prefs": 1, "reminders": 2, "rollcalls": 1, "edits": 2, "threads": 1,
        "digests": 1,
    }  # fmt: skip
    assert rows["digests"] == list(given.digests)


@pytest.mark.parametrize("dest_backend", BACKENDS)
async def test_a_copy_reads_back_the_same_everywhere(
    store: Store, database: Database, dest_backend: str, tmp_path: Path
) -> None:
    await store.import_rows(sample(), NOW)
    counts = await store.row_counts()
    (tmp_path / "dest").mkdir()
    async with fresh_database(dest_backend, tmp_path / "dest") as dest, dest.open() as copy:
        await copy.import_all(store.export_rows(2), NOW, expect=counts)
        assert await copy.row_counts() == counts
        assert rows_of(await everything(copy)) == rows_of(await everything(store))
        for guild, group in ((GUILD_A, 40), (GUILD_B, 41)):
            assert await copy.member_totals(guild, group) == await store.member_totals(guild, group)
        # new groups continue after the copied ids
        fresh = await copy.create_group(new_group(channel=99), NOW)
        assert fresh.id > 41


async def test_counts_that_differ_roll_the_whole_import_back(store: Store) -> None:
    counts = {"guilds": 2, "groups": 3}
    with pytest.raises(RowsRejectedError, match="groups: 2 != 3"):
        await store.import_all(streamed([sample()]), NOW, expect=counts)
    assert sum((await store.row_counts()).values()) == 0


async def test_a_failing_source_rolls_the_import_back(store: Store) -> None:
    async def broken() -> AsyncIterator[ImportBatch]:
        yield ImportBatch(guilds=sample().guilds)
        raise OSError("the source went away")

    with pytest.raises(OSError, match="went away"):
        await store.import_all(broken(), NOW)
    assert sum((await store.row_counts()).values()) == 0


async def test_replace_swaps_the_rows_in_one_transaction(store: Store) -> None:
    await store.import_rows(sample(), NOW)
    smaller = ImportBatch(guilds=sample().guilds, groups=sample().groups[:1])
    with pytest.raises(RowsRejectedError):  # without replace: the rows are there already
        await store.import_all(streamed([smaller]), NOW)
    with pytest.raises(RowsRejectedError):  # a failed replace keeps what was there
        await store.import_all(streamed([smaller]), NOW, replace=True, expect={"groups": 7})
    assert (await store.row_counts())["groups"] == 2
    await store.import_all(streamed([smaller]), NOW, replace=True)
    assert (await store.row_counts())["groups"] == 1
    assert (await store.row_counts())["ticks"] == 0
