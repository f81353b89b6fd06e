"""One database, another application: the commands are synced to the application the bot runs
as, not skipped because the definition is unchanged (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from emulator import Emulator, Scenario
from emulator.pytest_plugin import openapi_checker
from tests.faults.conftest import Bots, hall

OTHER_APPLICATION = 1111222233334444555
NOT_SYNCING = "application commands unchanged; not syncing"


async def test_database_reused_with_another_application_syncs_its_commands(
    emulator: Emulator, bots: Bots, db: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    first = await bots.start()
    await emulator.wait_commands_synced(10)
    await first.stop()
    again = await bots.start()
    await again.wait_log(NOT_SYNCING)
    await again.stop()
    assert emulator.sync_count == 1
    names = sorted(c["name"] for c in emulator.global_commands)

    # the same servers, a second bot (a test application): the same database, another token
    other_world = hall(Scenario(application_id=OTHER_APPLICATION), channels=4, members=2)
    assert [g.id for g in other_world.guilds] == [g.id for g in emulator.scenario.guilds]
    checker = openapi_checker(request.config)
    other = Emulator(other_world, token="other-app-token", openapi=checker and checker.session())
    async with other:
        other_bots = Bots(other, db, tmp_path / "other")
        (tmp_path / "other").mkdir()
        try:
            bot = await other_bots.start()
            await other.wait_commands_synced(10)
            await bot.stop()
            assert NOT_SYNCING not in bot.log
        finally:
            await other_bots.cleanup()
            print(other_bots.dump())
        assert other.sync_count == 1
        assert sorted(c["name"] for c in other.global_commands) == names
        assert {c["application_id"] for c in other.global_commands} == {str(OTHER_APPLICATION)}
        if other.openapi is not None:
            other.openapi.raise_if_errors()
    assert emulator.sync_count == 1  # the first application was left alone
