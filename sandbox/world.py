"""The sandbox's demo world: an English server and a Chinese one, each with an admin (its
owner) and members whose Discord language is English or Chinese, so posts (the server's
language) and private replies (the reader's) can be seen in both."""

from __future__ import annotations

import logging

from emulator import Scenario

log = logging.getLogger(__name__)


def demo_world() -> Scenario:
    sc = Scenario(bot_name="studybot", application_name="studybot")
    hall = sc.guild("Study Hall", locale="en-US", preferred_locale="en-US", owner="alice")
    hall.text_channel("general", topic="Where the study group meets")
    hall.text_channel("off-topic")
    hall.member("bob", locale="zh-CN")
    hall.member("carol", locale="en-GB")
    hall.member("dan", locale="en-US")

    xuexi = sc.guild("学习小组", locale="zh-CN", preferred_locale="zh-CN", owner="wang")
    xuexi.text_channel("学习", topic="每日学习打卡")
    owner = xuexi.member_named("wang")
    owner.locale, owner.nick = "zh-CN", "王老师"
    xuexi.member("li", locale="zh-CN", nick="李明")
    xuexi.member("emma", locale="en-US")
    return sc
