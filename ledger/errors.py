"""Errors meant for people.

Every mistake a user can make is a ``LedgerError``: its message is one line
that names the field and the accepted form.  The CLI prints it and exits with
``exit_code``; the TUI shows it inline.  Anything else escaping is a bug.
"""

from __future__ import annotations


class LedgerError(Exception):
    """A user-facing error: one clear line, exit status 2."""

    exit_code = 2


class InvalidValue(LedgerError):
    """A value that does not have the accepted form."""

    def __init__(self, field: str, value: object, accepted: str) -> None:
        shown = repr(value) if not isinstance(value, str) else repr(_short(value))
        super().__init__(f"{field}: {shown} is not valid; expected {accepted}")
        self.field = field
        self.accepted = accepted


class NotFound(LedgerError):
    """Nothing in the ledger matches what was asked for."""


class Ambiguous(LedgerError):
    """Several records match a key or prefix."""


class Conflict(LedgerError):
    """The request contradicts the ledger's state (e.g. resolving twice)."""


class LedgerFileError(LedgerError):
    """The ledger file cannot be opened, created or upgraded."""


class LockTimeout(LedgerError):
    """Another process held the ledger for longer than we were willing to wait."""

    exit_code = 3


class ServerTimeout(LedgerError):
    """A team ledger's server did not answer within the connect timeout."""

    exit_code = 3


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
