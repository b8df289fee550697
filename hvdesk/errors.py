"""Exceptions whose message a user can act on.

Every service raises a subclass of :class:`HvdeskError`; the CLI prints the
message on one line and the GUI shows it where the user is.
"""

import datetime as dt


class HvdeskError(Exception):
    """Base class of errors that are the user's to fix, not bugs."""


class PermissionDenied(HvdeskError):
    pass


class AuthenticationFailed(HvdeskError):
    pass


class LoginLocked(AuthenticationFailed):
    """Too many wrong passwords: no password is checked until ``until`` (UTC)."""

    def __init__(self, message: str, until: dt.datetime) -> None:
        super().__init__(message)
        self.until = until


class NotFound(HvdeskError):
    pass


class ValidationError(HvdeskError):
    """A value was refused; ``field`` names the input the user should fix."""

    def __init__(self, field: str, message: object) -> None:
        # ``message``: text, or a :class:`hvdesk.messages.Msg` the edges put into words.
        super().__init__(message)
        self.field = field


class StaleEdit(HvdeskError):
    """Someone else saved the record since it was read."""


class KeyUnavailable(HvdeskError):
    """The data key for a database cannot be found or does not fit it."""


class DatabaseError(HvdeskError):
    pass


class CiphertextMismatch(HvdeskError):
    """An encrypted value does not belong to the row and column it was read from.

    It was copied from another row or column, or changed: the associated data
    of every encrypted value names its table, column and row.
    """

    def __init__(self, message: str, *, column: str = "", row: int | None = None) -> None:
        super().__init__(message)
        #: The encrypted column (``phone_enc``, ``id_enc``) and the row it was read from,
        #: so the interface can say it in the user's language.
        self.column = column
        self.row = row
