"""Getting the ledger's data out and back in: exchange JSONL, Parquet, calendar files, fingerprint."""

from __future__ import annotations

from pathlib import Path

from attrs import frozen

from ledger.errors import InvalidValue
from ledger.interop.ics import DeadlineEvent, calendar_bytes
from ledger.service.base import LedgerBase
from ledger.storage import exchange, track_records


def _checked_path(path: str | Path, field: str) -> Path:
    """A path the file system can take: no NUL, valid UTF-8, names of at most 255 bytes."""
    text = str(path)
    if not text or "\x00" in text:
        raise InvalidValue(field, text, "a file path without NUL characters")
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidValue(field, text, "a file path in UTF-8") from None
    target = Path(text).expanduser()
    if any(len(part.encode()) > 255 for part in target.parts) or len(encoded) > 4000:
        raise InvalidValue(field, text, "a path whose names are at most 255 bytes long")
    return target


def _target_file(path: str | Path, field: str) -> Path:
    """A file we may write: its folder exists and it is not a folder itself."""
    target = _checked_path(path, field)
    try:
        if target.is_dir():
            raise InvalidValue(field, str(path), "a file path, not a folder")
        if not target.parent.is_dir():
            raise InvalidValue(
                field, str(path), f"a path in an existing folder ({str(target.parent)!r} does not exist)"
            )
    except OSError as exc:
        raise InvalidValue(field, str(path), f"a usable path ({exc.strerror})") from None
    return target


def _source_file(path: str | Path, field: str) -> Path:
    source = _checked_path(path, field)
    try:
        if not source.is_file():
            raise InvalidValue(field, str(path), "an existing, readable file")
    except OSError as exc:
        raise InvalidValue(field, str(path), f"a readable file ({exc.strerror})") from None
    return source


def _source_folder(path: str | Path, field: str) -> Path:
    """A file, or a folder (an unpacked export)."""
    source = _checked_path(path, field)
    return source if source.is_dir() else _source_file(path, field)


@frozen
class TrackRecordImport:
    """What an import of another tool's export did: rows added per table, rows skipped per reason, notes."""

    kind: str
    path: str
    added: dict[str, int]
    skipped: dict[str, int]
    notes: tuple[str, ...]


def is_exchange_file(path: str | Path) -> bool:
    """Whether a file starts with an exchange header (how ``fledger import`` tells the format)."""
    try:
        return exchange.read_header(_checked_path(path, "file")) is not None
    except (OSError, InvalidValue):
        return False


class ExchangeOps(LedgerBase):
    def fingerprint(self) -> str:
        """sha256 over every record of every table: equal iff two ledgers hold the same records."""
        with self._reading() as con:
            return exchange.fingerprint(con)

    def export_jsonl(self, path: str | Path) -> dict[str, int]:
        """Write every record with its history to ``path``; returns rows written per table."""
        target = _target_file(path, "file")
        self.refuse_own_files([target], "file")
        with self._reading() as con:
            return exchange.export_jsonl(con, target, self.now())

    def export_parquet(self, folder: str | Path) -> dict[str, int]:
        """One Parquet file per table in ``folder`` (created if its parent exists)."""
        text = str(folder)
        target = _checked_path(folder, "parquet")
        if target.exists() and not target.is_dir():
            raise InvalidValue("parquet", text, "a folder (a file has that name)")
        if not target.exists():
            if not target.parent.is_dir():
                raise InvalidValue("parquet", text, f"a folder whose parent exists ({str(target.parent)!r} does not)")
            try:
                target.mkdir()
            except OSError as exc:
                raise InvalidValue("parquet", text, f"a folder that can be created ({exc.strerror})") from None
        self.refuse_own_files(target.glob("*.parquet"), "parquet")
        links = sorted(p.name for p in target.glob("*.parquet") if p.is_symlink())
        if links:  # the engine writes through a link: it would replace whatever the link points at
            raise InvalidValue("parquet", text, f"a folder whose .parquet files are not links ({links[0]!r} is one)")
        with self._reading() as con:
            return exchange.export_parquet(con, target)

    def import_jsonl(self, path: str | Path) -> dict[str, int]:
        """Add the records of an exchange file that this ledger lacks (all in one transaction).

        Returns the rows added per table.  A new ledger is created empty, so that
        importing an export reproduces it exactly.
        """
        source = _source_file(path, "file")
        self._create_empty_if_missing()
        with self._writing() as con:
            return exchange.import_jsonl(con, source)

    def import_track_record(self, path: str | Path, kind: str) -> TrackRecordImport:
        """Import another tool's export (``kind``: fatebook | predictionbook | metaculus) in one transaction.

        Questions become items tagged with the tool's name, forecasts keep their authors and times,
        resolutions their outcomes, and each record where it came from.  Ids come from the tool's own
        identities, so importing a newer export adds only what is new and takes changed titles and
        outcomes as corrections.  What cannot be scored is skipped and counted (docs/interop.md).
        """
        if kind not in track_records.IMPORTERS:
            raise InvalidValue("kind", kind, " | ".join(track_records.IMPORTERS))
        source = _source_folder(path, "file") if kind == "metaculus" else _source_file(path, "file")
        self._create_empty_if_missing()
        with self._writing() as con:
            added, skipped, notes = track_records.IMPORTERS[kind](con, source, now=self.now(), analyst=self.analyst)
        return TrackRecordImport(kind, str(source), added, skipped, tuple(notes))

    def _create_empty_if_missing(self) -> None:
        """A new ledger made by an import starts empty, so that it holds exactly what was imported."""
        if not self._store.exists():
            with self._store.writing():
                pass
            if self._store.created:  # of processes racing to make it, only the one that did says so
                self.notices.append(f"created a new empty ledger at {self.path}")

    def export_ics(self, path: str | Path) -> int:
        """Write open items' deadlines as an iCalendar file (replaced atomically); returns the event count."""
        target = _target_file(path, "ics")
        self.refuse_own_files([target], "ics")
        urls = {s.id: s.url for s in self.sources()}  # type: ignore[attr-defined]
        events = [
            DeadlineEvent(
                item_id=s.id,
                key=s.key,
                title=s.title,
                earliest=s.deadline_earliest,
                latest=s.deadline_latest,
                label=s.deadline.label,
                phrase=s.deadline_phrase or "",
                url=urls.get(s.source_id or "", ""),
            )
            for s in self.items("open")  # type: ignore[attr-defined]
            if s.deadline is not None
        ]
        data = calendar_bytes(events, self.now())
        from ledger.reports import atomic  # a fresh temporary name beside the target, renamed over it

        try:
            with atomic.replacing(target, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise InvalidValue("ics", str(path), f"a writable location ({exc.strerror})") from None
        return len(events)
