"""Errors whose message is meant for the person who caused them."""


class UserFacingError(Exception):
    """An error whose ``str()`` is a friendly, complete message for the user.

    Raised by services and parsers; the Discord layer turns it into an ephemeral reply and logs
    nothing alarming. Anything else reaching the error handler is a bug.
    """
