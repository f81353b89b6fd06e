"""Discord's size limits, and the sizes studybot allows so that what it shows fits inside them.

Pure constants (no ``discord`` import), so the roadmap schema and the services can bound what
they accept by the same numbers that ``bot.render`` applies to every message it builds. Render
is the only place that clips or splits text to these limits; everyone else only validates.

Discord's values are from its developer documentation (messages, embeds, message components,
application commands); ``tests/render`` checks built messages against them independently.
"""

from __future__ import annotations

# -- Discord: messages and embeds ----------------------------------------------------------------

CONTENT_MAX = 2000
"""Characters of a message's ``content``."""
EMBEDS_MAX = 10
"""Embeds on one message."""
TITLE_MAX = 256
"""An embed's title (and author name)."""
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
"""Fields on one embed."""
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
"""Title, description, field names and values, footer and author name of all of a message's
embeds together."""

# -- Discord: files ---------------------------------------------------------------------------

ATTACHMENTS_MAX = 10
"""Files on one message."""
ATTACHMENT_DESCRIPTION_MAX = 1024
"""A file's description (its alt text)."""
ATTACHMENT_SIZE_MAX = 10 * 1024 * 1024
"""Bytes per file everywhere (more in boosted servers; interactions announce theirs)."""

# -- Discord: components -------------------------------------------------------------------------

LABEL_MAX = 80
"""A button's label."""
CUSTOM_ID_MAX = 100
BUTTONS_PER_ROW = 5
ROWS_MAX = 5
"""Action rows on one message."""

# -- Discord: threads ----------------------------------------------------------------------------

THREAD_NAME_MAX = 100
"""A thread's name (1-100 characters)."""

# -- Discord: application commands --------------------------------------------------------------

CHOICES_MAX = 25
"""Choices an option (or an autocomplete answer) offers."""
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100
"""A string choice's value."""

# -- studybot: sizes chosen to fit the limits above ------------------------------------------------

TASKS_PER_DAY_MAX = 10
"""A daily post has one button per task plus Check in."""
TASK_TITLE_MAX = LABEL_MAX
"""A task's title becomes the whole label of its tick button (its number is the button's emoji)."""
MINUTES_TEXT_MAX = 12
"""A minutes estimate in words (``6000 min``, ``6000 分钟``): the roadmap check counts each at
this length, so render's wording in any language must fit it."""
DAY_TEXT_MAX = 3000
"""A day's text as posted in one language (title, numbered tasks with checkboxes and estimates,
links percent-encoded, the total): one embed description, leaving room for the phase line and
the catch-up and last-day notes."""
ROADMAP_DAYS_MAX = 1000
"""Days in one roadmap; a day number takes at most four digits of a custom id."""
TASK_ID_MAX = 32
"""Characters of a task id, which is part of the tick button's custom id."""
CHECKIN_NOTE_MAX = 500
"""A check-in note, echoed in the check-in reply's content."""

ROLLCALL_NAMES_MAX = 50
"""Members a roll call names (a mention is at most 23 characters: 50 fit in ``CONTENT_MAX``
with the words around them); the others are counted."""
