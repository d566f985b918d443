"""What every part of the service shares: the store, the analyst, the clock, item lookup."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ledger.config import chosen_db, resolve_analyst, resolve_db_path
from ledger.errors import Ambiguous, LedgerFileError, NotFound
from ledger.model import Item
from ledger.storage import Connection, Store, records
from ledger.storage.team import TeamStore, is_team_location

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


class LedgerBase:
    """Holds no connection: every method opens one, runs one transaction, and closes it."""

    def __init__(
        self,
        db: str | Path | None = None,
        analyst: str | None = None,
        clock: Clock | None = None,
        lock_timeout: float | None = None,
    ) -> None:
        self._store: Store | TeamStore
        named = chosen_db(str(db) if db is not None else None)
        if is_team_location(named):
            self._store = TeamStore(str(named), lock_timeout)
        else:
            path, is_default = resolve_db_path(str(db) if db is not None else None)
            if is_default and not path.parent.exists():
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise LedgerFileError(f"db: cannot create {str(path.parent)!r} ({exc.strerror})") from None
            self._store = Store(path, lock_timeout)
        self._analyst_flag = analyst
        self._analyst: str | None = None
        self._clock = clock or system_clock
        self._last_now: datetime | None = None
        self.notices: list[str] = []  # things worth telling the user once (e.g. "created a new ledger")

    @property
    def path(self) -> Path | str:
        """The ledger file, or a team ledger's URI (without its password)."""
        return self._store.path

    @property
    def db(self) -> Path | str:
        """What reopens this ledger: its file, or its full URI (password included, so never shown)."""
        return self._store.uri if isinstance(self._store, TeamStore) else self._store.path

    @property
    def name(self) -> str:
        """A short name for reports: the file's name, or the team database's."""
        if isinstance(self._store, TeamStore):
            return self._store.location.database or self._store.path
        return self._store.path.name

    @property
    def is_team(self) -> bool:
        return self._store.is_team

    @property
    def analyst(self) -> str:
        """Who records: on a team ledger the database login (asked once), unless named explicitly.

        A team ledger's server refuses a record naming anyone but the login, so naming
        someone else there only ever ends in that refusal.
        """
        if self._analyst is None:
            if self._analyst_flag is None and isinstance(self._store, TeamStore):
                self._analyst = self._store.login()
            else:
                self._analyst = resolve_analyst(self._analyst_flag)
        return self._analyst

    @analyst.setter
    def analyst(self, name: str) -> None:
        self._analyst = name

    def limit_lock_wait(self, seconds: float) -> None:
        """Wait at most ``seconds`` for another process's lock on each call (a UI retries and says so instead)."""
        self._store.lock_timeout = min(self._store.lock_timeout, seconds)

    # --- time ---------------------------------------------------------------
    def now(self) -> datetime:
        """Now as naive UTC, the form every timestamp is stored in.

        Strictly increasing within one Ledger, so "the latest record" is never a tie
        (ids are random and cannot break one), even under a coarse or fixed clock.
        """
        now = self._clock().astimezone(UTC).replace(tzinfo=None)
        if self._last_now is not None and now <= self._last_now:
            now = self._last_now + timedelta(microseconds=1)
        self._last_now = now
        return now

    def now_after(self, previous: datetime) -> datetime:
        """Now, but later than ``previous``: a record that supersedes another must sort after it."""
        now = self.now()
        if now <= previous:
            now = self._last_now = previous + timedelta(microseconds=1)
        return now

    def today(self) -> date:
        """Today in the user's local time zone: what deadlines and 'days left' are measured against."""
        return self._clock().astimezone().date()

    # --- outputs ------------------------------------------------------------
    def refuse_own_files(self, targets: Iterable[Path | str], field: str) -> None:
        """Refuse output paths that are (or link to) the ledger, its WAL, its lock or its backups."""
        self._store.refuse_own_files(targets, field)

    # --- connections ------------------------------------------------------------
    def _ensure_exists(self) -> None:
        if not self._store.exists():
            self._create()

    def _create(self) -> None:  # overridden where seeds are known
        with self._store.writing():
            pass

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        self._ensure_exists()
        with self._store.reading() as con:
            yield con

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        self._ensure_exists()
        with self._store.writing() as con:
            yield con

    # --- lookups ------------------------------------------------------------
    def _item(self, con: Connection, ref: str) -> Item:
        """The item a user meant by a key or a unique id prefix (at least 4 characters), as it is now."""
        ref = ref.strip()
        matches = records.find_items(con, ref)
        if not matches:
            raise NotFound(f"item: no item has key or id {ref!r}; see 'fledger list --all' for keys")
        if len(matches) > 1:
            keys = ", ".join(i.key for i in matches[:5])
            raise Ambiguous(f"item: {ref!r} matches {len(matches)} items ({keys}); type more of the key or id")
        return matches[0]

    def _item_id(self, con: Connection, ref: str) -> str:
        return self._item(con, ref).id
