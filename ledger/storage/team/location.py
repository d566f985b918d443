"""Team ledger addresses: libpq connection URIs, and how they are shown.

A team ledger is named by a PostgreSQL URI (``postgresql://[user@]host[:port]/db[?sslmode=...]``).
Everything else libpq knows applies unchanged: ``PGPASSWORD``, ``~/.pgpass``,
``PGSERVICE``, ``PGSSLMODE``... are read by libpq inside the extension, never by us.
A password written into the URI works but is never shown: ``shown`` masks it.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from ledger.errors import InvalidValue

SCHEMES = ("postgresql", "postgres")
DEFAULT_CONNECT_TIMEOUT = 10  # seconds; libpq's own default is to wait forever
_FORM = "a PostgreSQL URI such as postgresql://host/dbname (see docs/team.md)"


def is_team_location(text: str | None) -> bool:
    return bool(text) and text.split(":", 1)[0].lower() in SCHEMES and "://" in text  # type: ignore[union-attr]


class TeamLocation:
    """A parsed team ledger URI: what libpq gets, and what people see."""

    def __init__(self, uri: str) -> None:
        if not is_team_location(uri):
            raise InvalidValue("db", mask(uri), _FORM)
        try:
            parts = urlsplit(uri)
            query = parse_qsl(parts.query, keep_blank_values=True)
            parts.port  # noqa: B018  (raises on a port that is not a number)
        except ValueError:
            raise InvalidValue("db", mask(uri), _FORM) from None
        if not any(k == "connect_timeout" for k, _ in query):
            query.append(("connect_timeout", str(DEFAULT_CONNECT_TIMEOUT)))
        self.conninfo = urlunsplit(parts._replace(query=urlencode(query)))
        self.shown = mask(uri)
        self.database = unquote(parts.path.lstrip("/")) or None  # None: libpq's default (the user's name)
        self.user = unquote(parts.username) if parts.username else None
        self.secret = unquote(parts.password) if parts.password else None

    def __str__(self) -> str:
        return self.shown

    def scrub(self, text: str) -> str:
        """``text`` with the URI and any password in it masked (driver messages may echo them)."""
        text = text.replace(self.conninfo, self.shown)
        if self.secret:
            text = text.replace(self.secret, "***")
        return _PASSWORD_IN_TEXT.sub(r"\1***", text)


_PASSWORD_IN_URI = re.compile(r"(://[^:/@?#\s]*:)[^@/\s]*(@)")
_PASSWORD_IN_TEXT = re.compile(r"(password\s*=\s*)'?[^'\s]*'?", re.IGNORECASE)


def mask(uri: str) -> str:
    """A URI with its password, if any, replaced by ***."""
    return _PASSWORD_IN_URI.sub(r"\1***\2", uri)
