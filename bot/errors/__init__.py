"""What went wrong, as data: the errors a person caused and can act on.

Services, parsers and the store raise these; none of them holds a sentence. Each carries what
the explanation needs, and ``bot.render.errors.explain`` turns it into the reader's language.
The cogs catch the base class and reply privately; anything else reaching the error handler is
a bug (logged with a reference code).

Adding an error: a dataclass in ``core.py`` or ``features.py`` (re-exported here), a case in
``explain``, a sample in ``tests/render``.
"""

from bot.errors.core import *  # noqa: F403
from bot.errors.features import *  # noqa: F403
