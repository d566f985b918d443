"""Replacing a file atomically: write a temporary file beside it, then rename over it.

A reader never sees half a report, and a failed write leaves the old file as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ledger.errors import InvalidValue


def check_target(path: Path, field: str = "output") -> Path:
    """The output path made absolute; its folder must exist and it must not be a folder itself."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise InvalidValue(field, str(path), "a file path, not a folder")
    if not path.parent.is_dir():
        raise InvalidValue(field, str(path), f"a path in an existing folder ({str(path.parent)!r} does not exist)")
    return path.absolute()


@contextmanager
def replacing(path: Path, mode: str = "w") -> Iterator[IO]:  # type: ignore[type-arg]
    """Open a temporary file in ``path``'s folder; on success rename it to ``path``, else remove it."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        kwargs = {"encoding": "utf-8", "newline": ""} if "b" not in mode else {}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private; a report is meant to be shared like any file the user writes
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_text(path: Path, text: str) -> int:
    """Replace ``path`` with ``text`` (UTF-8); returns the bytes written."""
    data = text.encode("utf-8")
    with replacing(path, "wb") as handle:
        handle.write(data)
    return len(data)


def write_with(path: Path, writer: Callable[[IO], None]) -> int:  # type: ignore[type-arg]
    """Replace ``path`` with what ``writer`` writes to a text handle; returns the size written."""
    with replacing(path) as handle:
        writer(handle)
    return path.stat().st_size
