"""``collector``: ``paused`` means no cyclic collection inside, the collector back on after
(even after an error) and left off if it was off; ``relaxed`` makes collections rarer, never
off, until ``restore``."""

from __future__ import annotations

import gc

import pytest

from bot import collector


def test_paused_inside_and_resumed_after() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause is still on
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector.paused():
        raise RuntimeError("a batch failed")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_relaxed_thresholds_and_their_restore() -> None:
    before = gc.get_threshold()
    try:
        saved = collector.relaxed()
        assert saved == before
        assert gc.get_threshold() == (collector.STARTUP_YOUNG, before[1], before[2])
        assert gc.isenabled()  # rarer, never off
        gc.set_threshold(10 * collector.STARTUP_YOUNG)
        assert collector.relaxed()[0] == gc.get_threshold()[0] == 10 * collector.STARTUP_YOUNG
        collector.restore(saved)
        assert gc.get_threshold() == before
    finally:
        gc.set_threshold(*before)
