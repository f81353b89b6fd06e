"""What people call a timezone where CLDR has no name for it: capitals and big cities that are not
CLDR exemplar cities, countries with one clock but several zones, and common abbreviations.

CLDR (through Babel) already knows every zone's exemplar city (``Shanghai``, ``上海``, ``东京``),
its metazone names (``China Standard Time``, ``中国标准时间``) and its country; this table only
adds what it lacks. A name with several zones on different clocks is ambiguous: the reader is
asked which one they mean. Spelling does not matter: names are matched case-, space- and
punctuation-insensitively (``zone_index.normalise``).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.locale import Lang

_SHANGHAI = ("Asia/Shanghai",)
_KOLKATA = ("Asia/Kolkata",)
_NEW_YORK = ("America/New_York",)
_LOS_ANGELES = ("America/Los_Angeles",)

ALIASES: Mapping[str, tuple[str, ...]] = {
    # China keeps one clock (Beijing time); CLDR lists Urumqi as a second zone of the country.
    "Beijing": _SHANGHAI,
    "Peking": _SHANGHAI,
    "北京": _SHANGHAI,
    "北京时间": _SHANGHAI,
    "China": _SHANGHAI,
    "中国": _SHANGHAI,
    "中国时间": _SHANGHAI,
    "中國": _SHANGHAI,
    "PRC": _SHANGHAI,
    **dict.fromkeys(
        (
            "Guangzhou",
            "广州",
            "Shenzhen",
            "深圳",
            "Hangzhou",
            "杭州",
            "Chengdu",
            "成都",
            "Nanjing",
            "南京",
            "Wuhan",
            "武汉",
            "Xi'an",
            "西安",
            "Tianjin",
            "天津",
            "Suzhou",
            "苏州",
            "重庆",
        ),
        _SHANGHAI,
    ),
    "台湾时间": ("Asia/Taipei",),
    "Mumbai": _KOLKATA,
    "Bombay": _KOLKATA,
    "孟买": _KOLKATA,
    "Delhi": _KOLKATA,
    "New Delhi": _KOLKATA,
    "新德里": _KOLKATA,
    "Bangalore": _KOLKATA,
    "Bengaluru": _KOLKATA,
    "班加罗尔": _KOLKATA,
    "美东": _NEW_YORK,
    "美东时间": _NEW_YORK,
    "美国东部时间": _NEW_YORK,
    "美中时间": ("America/Chicago",),
    "美国中部时间": ("America/Chicago",),
    "美西": _LOS_ANGELES,
    "美西时间": _LOS_ANGELES,
    "美国西部时间": _LOS_ANGELES,
    "NYC": _NEW_YORK,
    "Washington": _NEW_YORK,
    "Washington DC": _NEW_YORK,
    "华盛顿": _NEW_YORK,
    "Boston": _NEW_YORK,
    "波士顿": _NEW_YORK,
    "San Francisco": _LOS_ANGELES,
    "SF": _LOS_ANGELES,
    "旧金山": _LOS_ANGELES,
    "Seattle": _LOS_ANGELES,
    "西雅图": _LOS_ANGELES,
    "Silicon Valley": _LOS_ANGELES,
    "硅谷": _LOS_ANGELES,
    "LA": _LOS_ANGELES,
    "Osaka": ("Asia/Tokyo",),
    "大阪": ("Asia/Tokyo",),
    # Abbreviations: the zone people mean, or every zone they may mean.
    "CST": ("America/Chicago", "Asia/Shanghai", "America/Havana"),
    "CDT": ("America/Chicago",),
    "CT": ("America/Chicago",),
    "EST": _NEW_YORK,
    "EDT": _NEW_YORK,
    "ET": _NEW_YORK,
    "MST": ("America/Denver", "America/Phoenix"),
    "MDT": ("America/Denver",),
    "PST": _LOS_ANGELES,
    "PDT": _LOS_ANGELES,
    "PT": _LOS_ANGELES,
    "AKST": ("America/Anchorage",),
    "HST": ("Pacific/Honolulu",),
    "BST": ("Europe/London", "Asia/Dhaka"),
    "IST": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    "CET": ("Europe/Paris",),
    "CEST": ("Europe/Paris",),
    "EET": ("Europe/Athens",),
    "EEST": ("Europe/Athens",),
    "WET": ("Europe/Lisbon",),
    "MSK": ("Europe/Moscow",),
    "JST": ("Asia/Tokyo",),
    "KST": ("Asia/Seoul",),
    "HKT": ("Asia/Hong_Kong",),
    "SGT": ("Asia/Singapore",),
    "PHT": ("Asia/Manila",),
    "WIB": ("Asia/Jakarta",),
    "AEST": ("Australia/Sydney",),
    "AEDT": ("Australia/Sydney",),
    "AWST": ("Australia/Perth",),
    "NZST": ("Pacific/Auckland",),
    "NZDT": ("Pacific/Auckland",),
}
"""Name -> the zones it may mean, best first; one zone, or several that need a choice."""

BY_LANGUAGE: Mapping[Lang, Mapping[str, tuple[str, ...]]] = {
    "zh": {"CST": _SHANGHAI},
}
"""What a name means to a reader of one language: ``CST`` is China Standard Time in China."""
