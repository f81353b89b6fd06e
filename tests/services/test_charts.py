"""The weekly chart's two series and its data's checks."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.roadmaps import Text
from bot.services.charts import WeekChart, median_cumulative, pace_series
from bot.services.schedule import Schedule

MON = date(2026, 3, 2)


def test_the_median_member_per_date() -> None:
    # three members over four dates; running totals (1,1,3,3), (0,2,2,6), (4,4,4,4)
    members = [[1, 0, 2, 0], [0, 2, 0, 4], [4, 0, 0, 0]]
    assert median_cumulative(members, 10) == (0.1, 0.2, 0.3, 0.4)
    assert median_cumulative([[1, 1], [3, 3]], 4) == (0.5, 1.0)  # even count: the mean of two
    assert median_cumulative([], 10) == ()
    with pytest.raises(ValueError, match="every member"):
        median_cumulative([[1], [1, 2]], 10)


def test_the_pace_follows_the_schedule() -> None:
    # weekdays only, from Monday 2 March at 09:00 in Shanghai; days of 2, 3 and 5 tasks
    s = Schedule(MON, time(9, 0), "Asia/Shanghai", 3, weekdays_only=True)
    assert pace_series(s, [2, 3, 5], date(2026, 2, 28), date(2026, 3, 6)) == (
        0.0,  # Saturday before the start
        0.0,
        0.2,  # Monday: day 1
        0.5,
        1.0,  # Wednesday: day 3, the last
        1.0,
        1.0,
    )


def test_a_week_has_seven_days() -> None:
    title = Text("T", "题")
    WeekChart(title, MON, (0.5,) * 5 + (None, None), MON, (0.1,), (0.1, 0.2))
    with pytest.raises(ValueError, match="Monday to Sunday"):
        WeekChart(title, MON, (0.5,) * 6, MON, (), ())
    with pytest.raises(ValueError, match="as far as the median"):
        WeekChart(title, MON, (0.5,) * 7, MON, (0.1, 0.2), (0.1,))
