"""What every test shares: the one test clock, the one CLI runner, ledgers built once per run.

The fixtures in ``tests/conftest.py`` hand these out.  Every test that needs a clock
uses ``Clock``; every test that runs the CLI in this process uses ``run_cli``.
"""

from __future__ import annotations

import copy
import io
import os
import shutil
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from ledger.service import Ledger

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def in_ci() -> bool:
    """True on a CI runner (``CI=true``, as GitHub Actions, GitLab and most others set it).

    There a test that would be skipped for want of an installed part fails instead,
    so a broken install cannot pass quietly.
    """
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


class Clock:
    """The test clock.  Each reading first moves it by ``step`` (never past ``until``);
    ``advance`` moves it by hand.  With no step it stands still.  ``start`` is where it began."""

    def __init__(self, now: datetime = NOW, step: timedelta = timedelta(0), until: datetime | None = None) -> None:
        self.start = now
        self.now = now
        self.step = step
        self.until = until

    def __call__(self) -> datetime:
        if self.step:
            self.now += self.step
            if self.until is not None and self.now > self.until:
                self.now = self.until
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


class Ran(NamedTuple):
    """What one CLI call did: its exit code and everything it printed."""

    code: int
    out: str
    err: str

    # the names click's CliRunner result uses, for tests written against it
    @property
    def exit_code(self) -> int:
        return self.code

    @property
    def stdout(self) -> str:
        return self.out

    @property
    def stderr(self) -> str:
        return self.err

    @property
    def output(self) -> str:
        return self.out + self.err


def run_cli(*args: str, stdin: str | bytes | None = None) -> Ran:
    """``fledger ARGS`` in this process, exactly as the console script runs it (``ledger.cli.main``)."""
    from ledger.cli import main

    out, err = io.StringIO(), io.StringIO()
    raw = stdin.encode() if isinstance(stdin, str) else (stdin or b"")
    fake_stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    saved = sys.stdin
    sys.stdin = fake_stdin
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main([str(a) for a in args])
    finally:
        sys.stdin = saved
    return Ran(code, out.getvalue(), err.getvalue())


def raw_duckdb(path: Path | str | None = None, *, write: bool = False, hold_checkpoints: bool = False):  # type: ignore[no-untyped-def]
    """DuckDB itself, past the storage layer: the ledger file at ``path`` (read-only unless
    ``write``), or an in-memory database with no path.  ``hold_checkpoints``: like the
    ledger's own instance, it never checkpoints by itself (not at commit, not on close).

    The one place tests open DuckDB.  Only for what the storage layer cannot be asked:
    what a migration left on disk, rows another tool writes behind the ledger's back,
    deliberate damage, files the ledger wrote for other tools.  Close it when done.
    """
    import duckdb

    if path is None:
        return duckdb.connect()
    if hold_checkpoints:
        con = duckdb.connect(str(path), config={"checkpoint_threshold": "1TB"})
        con.execute("PRAGMA disable_checkpoint_on_shutdown")
        return con
    return duckdb.connect(str(path), read_only=not write)


Builder = Callable[[Path], Ledger]


class LedgerCache:
    """Ledgers built once per test run and copied for each test that asks.

    Building a ledger through the service takes tens of write transactions; a copy of
    the finished file is one system call.  The copy comes back as the builder returned
    it: same analyst, and its own copy of the builder's clock.  The test processes of
    one run share what they build (``shared``, a folder of the run's): the first to
    need a ledger builds it under a file lock, the others wait and copy it.
    """

    def __init__(self, folder: Path, shared: Path | None = None) -> None:
        self.folder = folder
        self.shared = shared
        self.built: dict[Builder, Ledger] = {}

    def copy(self, builder: Builder, target: Path) -> Ledger:
        original = self.built.get(builder)
        if original is None:
            original = self.built[builder] = self._build(builder, target.name)
        for part in original.path.parent.glob(original.path.name + "*"):
            if part.name == original.path.name or part.name.endswith(".wal"):
                shutil.copyfile(part, target.parent / part.name.replace(original.path.name, target.name, 1))
        return Ledger(target, original.analyst, clock=copy.deepcopy(original._clock))

    def _build(self, builder: Builder, name: str) -> Ledger:
        if self.shared is None:
            return self._build_own(builder, name)
        import fcntl
        import pickle

        # named by source file, not module: pytest may import one test module under two names
        try:
            source = Path(builder.__code__.co_filename).resolve().relative_to(Path(__file__).resolve().parents[1])
        except ValueError:  # a builder from outside the project's tests
            return self._build_own(builder, name)
        home = self.shared / f"{'.'.join(source.with_suffix('').parts)}.{builder.__qualname__}"
        with open(self.shared / f"{home.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            made = home / "made.pickle"
            if made.exists():  # another test process built it: the file, its analyst and its clock
                path, analyst, clock = pickle.loads(made.read_bytes())
                return Ledger(path, analyst, clock=clock)
            if home.exists():  # built by another test process whose clock could not travel
                return self._build_own(builder, name)
            home.mkdir()
            ledger = builder(home / name)
            try:
                made.write_bytes(pickle.dumps((ledger.path, ledger.analyst, ledger._clock)))
            except (pickle.PicklingError, AttributeError, TypeError):
                pass  # a clock that cannot travel: each test process builds its own
            return ledger

    def _build_own(self, builder: Builder, name: str) -> Ledger:
        home = self.folder / f"{len(self.built)}-{builder.__name__}"
        home.mkdir()
        return builder(home / name)


class _InitTemplates:
    """Ledgers as ``init`` leaves them, made once per process by the real ``init`` and copied after that.

    ``init`` runs every migration (and, unless empty, loads the seeds) in one long
    transaction; a copy of the finished file is one system call.  The seeds depend on
    the clock, so a seeded template is made per analyst and clock setting; the caller's
    clock is then read as often as ``init`` read the template's, so it ends where a real
    ``init`` would have left it.  Tests about init or migrations call ``init`` themselves.
    """

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.made: dict[tuple[object, ...], tuple[Ledger, int]] = {}  # key -> (template, clock readings)

    def template(self, analyst: str | None, clock: Callable[[], datetime] | None, empty: bool) -> tuple[Ledger, int]:
        if isinstance(clock, Clock):
            setting: tuple[object, ...] = (clock.now, clock.step, clock.until)
        elif empty:
            setting = ()  # an empty init reads no clock today; if it starts to, a test Clock stands in
        else:
            raise TypeError("a seeded ledger is copied only for a test Clock (the seeds depend on the time)")
        key = (empty, analyst, *setting)
        if key not in self.made:
            if self.folder is None:
                import atexit
                import tempfile

                self.folder = Path(tempfile.mkdtemp(prefix="fledger-init-"))
                atexit.register(shutil.rmtree, self.folder, ignore_errors=True)
            own = copy.deepcopy(clock) if isinstance(clock, Clock) else Clock()
            readings = 0

            def counting() -> datetime:
                nonlocal readings
                readings += 1
                return own()

            home = self.folder / str(len(self.made))
            home.mkdir()
            made = Ledger(home / "ledger.duckdb", analyst, clock=counting)
            made.init(empty=empty)
            self.made[key] = (made, readings)
        return self.made[key]


_INIT_TEMPLATES = _InitTemplates()


def new_ledger(
    path: Path, analyst: str | None, clock: Callable[[], datetime] | None = None, *, empty: bool = True
) -> Ledger:
    """What ``Ledger(path, analyst, clock=clock)`` is after ``.init(empty=empty)`` on a new file, made by copying."""
    made, readings = _INIT_TEMPLATES.template(analyst, clock, empty)
    template = Path(made.path)
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; new_ledger makes new ledgers only")
    for part in template.parent.glob(template.name + "*"):
        if part.name == template.name or part.name.endswith(".wal"):
            shutil.copyfile(part, path.parent / part.name.replace(template.name, path.name, 1))
    if clock is not None:
        for _ in range(readings):
            clock()
    ledger = Ledger(path, analyst, clock=clock)
    ledger._last_now = made._last_now  # the service's guard against equal times, as init left it
    return ledger
