"""``/roadmap export`` as CSV files: one of members (their totals and ticks per released day),
one of check-ins (date, minutes, note), headers in the reader's language.

**Encoding.** UTF-8 with a byte-order mark and CRLF line ends: Excel opens a BOM-less UTF-8
CSV in the machine's legacy code page, which garbles Chinese names and notes; with the BOM it
reads UTF-8, and every other tool (LibreOffice, Google Sheets, Python's ``utf-8-sig``) skips it.

**Formulas.** A cell a member wrote (a name, a note) that starts with ``=``, ``+``, ``-``, ``@``
or a tab would be run as a formula by a spreadsheet; such cells get a leading ``'``, which
spreadsheets show as text.

**Size.** Each file fits ``file_bytes`` (the interaction's attachment limit, at most
``limits.ATTACHMENT_SIZE_MAX``): a table too large for one file is split at row boundaries into
numbered parts, each with the BOM and the header. More than ``limits.ATTACHMENTS_MAX`` files in
all is refused (``ExportTooLarge``), never cut short.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from bot import errors as E
from bot.limits import ATTACHMENT_SIZE_MAX, ATTACHMENTS_MAX, CONTENT_MAX
from bot.locale import Lang
from bot.render.catalog import Catalog, for_lang
from bot.render.discord_parts import Message, Upload, clip, upload
from bot.services.exports import GroupExport

BOM = "\ufeff".encode()
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it, never run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _line(cells: Sequence[object]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue().encode()


def csv_parts(
    header: Sequence[str], rows: Iterable[Sequence[object]], file_bytes: int
) -> list[bytes]:
    """The table as CSV files of at most ``file_bytes`` each (BOM and header in each)."""
    head = BOM + _line(header)
    parts: list[bytes] = []
    current = bytearray(head)
    for row in rows:
        line = _line(row)
        if len(head) + len(line) > file_bytes:
            raise ValueError(f"a row of {len(line)} bytes cannot fit a file of {file_bytes}")
        if len(current) + len(line) > file_bytes:
            parts.append(bytes(current))
            current = bytearray(head)
        current += line
    parts.append(bytes(current))
    return parts


def _names(stem: str, count: int) -> list[str]:
    if count == 1:
        return [f"{stem}.csv"]
    return [f"{stem}-{n}.csv" for n in range(1, count + 1)]


def member_table(
    export: GroupExport, names: dict[int, str], t: Catalog
) -> tuple[list[str], list[list[object]]]:
    days = range(1, export.day + 1)
    header = [
        t.pgettext("csv", "rank"),
        t.pgettext("csv", "user id"),
        t.pgettext("csv", "name"),
        t.pgettext("csv", "joined"),
        t.pgettext("csv", "points"),
        t.pgettext("csv", "tasks done"),
        t.pgettext("csv", "tasks released"),
        t.pgettext("csv", "check-ins"),
        t.pgettext("csv", "minutes"),
        t.pgettext("csv", "streak"),
        *(t.pgettext("csv", "day {day}", day=d) for d in days),
    ]
    rows: list[list[object]] = []
    for m in export.members:
        r = m.row
        name = safe_cell(names.get(r.user_id, ""))
        totals = [r.points, r.done, r.released, r.checkins, m.minutes, r.streak]
        ticks = [m.per_day.get(d, 0) for d in days]
        rows.append([r.rank, r.user_id, name, m.joined.isoformat(), *totals, *ticks])
    return header, rows


def checkin_table(
    export: GroupExport, names: dict[int, str], t: Catalog
) -> tuple[list[str], list[list[object]]]:
    header = [
        t.pgettext("csv", "user id"),
        t.pgettext("csv", "name"),
        t.pgettext("csv", "date"),
        t.pgettext("csv", "minutes"),
        t.pgettext("csv", "note"),
    ]
    rows: list[list[object]] = [
        [
            c.user_id,
            safe_cell(names.get(c.user_id, "")),
            c.local_date.isoformat(),
            "" if c.minutes is None else c.minutes,
            safe_cell(c.note or ""),
        ]
        for c in export.checkins
    ]
    return header, rows


def export_reply(
    export: GroupExport, names: dict[int, str], lang: Lang, file_bytes: int
) -> Message:
    """The private reply with the CSV files; ``names``: display names by user id (a member
    missing from it gets an empty name). ``ExportTooLarge`` if it would need more than
    ``ATTACHMENTS_MAX`` files."""
    t = for_lang(lang)
    file_bytes = min(file_bytes, ATTACHMENT_SIZE_MAX)
    roadmap = export.roadmap
    members = csv_parts(*member_table(export, names, t), file_bytes)
    checkins = csv_parts(*checkin_table(export, names, t), file_bytes)
    if len(members) + len(checkins) > ATTACHMENTS_MAX:
        raise E.ExportTooLarge(file_bytes, ATTACHMENTS_MAX)
    files: list[Upload] = []
    members_alt = t.gettext(
        "Members of {roadmap}: points, tasks, check-ins, streak and ticks per day",
        roadmap=roadmap.id,
    )
    checkins_alt = t.gettext("Check-ins of {roadmap}: date, minutes and note", roadmap=roadmap.id)
    for name, data in zip(_names(f"{roadmap.id}-members", len(members)), members, strict=True):
        files.append(upload(name, data, members_alt))
    for name, data in zip(_names(f"{roadmap.id}-checkins", len(checkins)), checkins, strict=True):
        files.append(upload(name, data, checkins_alt))
    content = t.gettext(
        "Export of **{title}**: {members}, {checkins}, days 1 to {day}. CSV in UTF-8 (opens "
        "in Excel with Chinese intact).",
        title=roadmap.title.get(lang),
        members=t.ngettext("{n} member", "{n} members", len(export.members)),
        checkins=t.ngettext("{n} check-in", "{n} check-ins", len(export.checkins)),
        day=export.day,
    )
    if len(members) + len(checkins) > 2:
        content += "\n" + t.gettext("Large tables are split into numbered files.")
    return Message(content=clip(content, CONTENT_MAX), files=files)


def explain_export(error: E.UserFacingError, t: Catalog) -> str:
    """The words of the export and calendar errors (``bot.render.errors.explain`` asks)."""
    match error:
        case E.CalendarPaused():
            return t.gettext(
                "This group is paused, so its next dates are not known yet. Ask again after "
                "`/roadmap resume`."
            )
        case E.NoDaysLeft(roadmap_id=roadmap_id):
            return t.gettext(
                "Every day of `{roadmap}` has been posted already: nothing is left for a calendar.",
                roadmap=roadmap_id,
            )
        case E.ExportTooLarge(file_bytes=size, files_max=count):
            return t.gettext(
                "This group's data is too large to send as {count} files of {size} MB each, "
                "so nothing was exported. Ask the bot's operator for a copy of the database "
                "(`studybot db copy`).",
                count=count,
                size=size // (1024 * 1024),
            )
    return t.gettext("Sorry, something went wrong on our side. Please try again.")
