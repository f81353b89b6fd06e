"""Every word the pictures show, in English and Chinese, until the message catalog takes them.

``word(lang, key, **values)`` formats one. Weekday and month names are here too, short forms as
calendars print them.
"""

from __future__ import annotations

from bot.roadmaps import Lang

WORDS: dict[Lang, dict[str, str]] = {
    "en": {
        "day_of": "Day {day}/{total}",
        "not_started": "Starts soon",
        "finished": "Finished",
        "streak": "Streak",
        "days": "days",
        "points": "Points",
        "rank": "Rank",
        "rank_value": "#{rank}",
        "rank_of": "of {members}",
        "tasks": "Tasks done",
        "phases": "Phases",
        "phase_value": "{done}/{total}",
        "first_day": "Day 1",
        "last_day": "Day {n}",
        "less": "Less",
        "more": "More",
        "weekend": "Weekend",
        "paused": "Paused",
        "frozen": "Frozen",
        "upcoming": "Not yet released",
        "as_of": "as of {date}",
        "member": "Member",
        "alt": (
            "Progress card of {name} on {roadmap}: day {day} of {total}, {done} of {released} "
            "released tasks done ({percent}%), streak {streak}, {points} points, rank {rank} "
            "of {members}."
        ),
        "week_title": "Week of {date}",
        "by_weekday": "Tasks done by day of the week",
        "cumulative": "Progress of the median member against the roadmap",
        "median": "Median member",
        "pace": "Roadmap pace",
        "week_alt": (
            "Weekly chart of {roadmap}: completion by day of the week, and the median "
            "member at {median}% of the roadmap against a pace of {pace}%."
        ),
    },
    "zh": {
        "day_of": "第 {day}/{total} 天",
        "not_started": "即将开始",
        "finished": "已完成",
        "streak": "连续打卡",
        "days": "天",
        "points": "积分",
        "rank": "排名",
        "rank_value": "第 {rank} 名",
        "rank_of": "共 {members} 人",
        "tasks": "已完成任务",
        "phases": "阶段",
        "phase_value": "{done}/{total}",
        "first_day": "第 1 天",
        "last_day": "第 {n} 天",
        "less": "少",
        "more": "多",
        "weekend": "周末",
        "paused": "暂停",
        "frozen": "冻结",
        "upcoming": "尚未发布",
        "as_of": "截至 {date}",
        "member": "成员",
        "alt": (
            "{name} 在「{roadmap}」的进度卡:第 {day}/{total} 天,已发布任务完成 {done}/{released}"
            "({percent}%),连续打卡 {streak} 天,{points} 积分,排名第 {rank} / 共 {members} 人。"
        ),
        "week_title": "{date} 这一周",
        "by_weekday": "每周各天的任务完成率",
        "cumulative": "中位成员的进度与路线图进度",
        "median": "中位成员",
        "pace": "路线图进度",
        "week_alt": (
            "「{roadmap}」每周图表:每周各天的完成率;中位成员完成路线图的 {median}%,"
            "路线图进度为 {pace}%。"
        ),
    },
}

WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}
MONTHS: dict[Lang, tuple[str, ...]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "zh": tuple(f"{m}月" for m in range(1, 13)),
}


def word(lang: Lang, key: str, **values: object) -> str:
    return WORDS[lang][key].format(**values)
