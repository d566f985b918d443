"""Metaculus's data export, as its own code writes it (utils/csv_utils.py, ``generate_data``).

"Email me my data" sends ``user_data.zip`` holding question_data.csv and
forecast_data.csv (and comment_data.csv, score_data.csv, not read here), all
written by Python's ``csv.writer``: datetimes are ``str()`` of aware datetimes
(``2024-03-02 10:00:00.123456+00:00``), lists are Python lists
(``[0.2, 0.3, 0.5]``, ``['Lisbon', 'Oslo']``), a forecast row of a question
without a resolution index is one field short.  A forecast stands from its
Start Time until its End Time (empty: still standing).  Mapping: docs/interop.md.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

from ledger.errors import InvalidValue

QUESTIONS_FILE = "question_data.csv"
FORECASTS_FILE = "forecast_data.csv"

Q_ID, Q_TITLE, Q_TYPE, Q_OPTIONS = "Question ID", "Question Title", "Question Type", "MC Options"
Q_OPEN = "Open Time"
Q_CLOSE, Q_RESOLUTION, Q_KNOWN = "Scheduled Close Time", "Resolution", "Resolution Known Time"
QUESTION_COLUMNS = (Q_ID, Q_TITLE, Q_TYPE, Q_OPTIONS, Q_OPEN, Q_CLOSE, Q_RESOLUTION, Q_KNOWN)

F_QUESTION, F_USER_ID, F_USER, F_START, F_END = (
    "Question ID",
    "Forecaster ID",
    "Forecaster Username",
    "Start Time",
    "End Time",
)
F_YES, F_PER_CATEGORY = "Probability Yes", "Probability Yes Per Category"
FORECAST_COLUMNS = (F_QUESTION, F_USER_ID, F_USER, F_START, F_END, F_YES, F_PER_CATEGORY)

YES_NO = ("binary",)
CHOICE = ("multiple_choice",)
# numeric, date, discrete: a distribution over a range, which a yes/no ledger cannot score
ANNULLED = ("annulled", "ambiguous")
KEY_PREFIX = "mc"
TOOL = "metaculus"
RESOLVER = "Metaculus"  # questions are resolved by Metaculus's moderators
FORM = "a Metaculus data export (user_data.zip, or its folder, with question_data.csv and forecast_data.csv)"


class Unpacked:
    """The two CSV files of an export: from a folder as it is, from a zip into a temporary folder removed on exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._tmp: Path | None = None

    def __enter__(self) -> tuple[Path, Path]:
        folder = self.path
        if self.path.is_file():
            folder = self._unzip()
        elif not self.path.is_dir():
            raise InvalidValue("file", str(self.path), FORM)
        files = folder / QUESTIONS_FILE, folder / FORECASTS_FILE
        missing = [f.name for f in files if not f.is_file()]
        if missing:
            raise InvalidValue("file", str(self.path), f"{FORM}; it lacks {' and '.join(missing)}")
        return files

    def _unzip(self) -> Path:
        try:
            with zipfile.ZipFile(self.path) as z:
                names = {Path(n).name: n for n in z.namelist() if not n.endswith("/")}
                wanted = [n for n in (QUESTIONS_FILE, FORECASTS_FILE) if n in names]
                if len(wanted) < 2:
                    missing = [n for n in (QUESTIONS_FILE, FORECASTS_FILE) if n not in names]
                    raise InvalidValue("file", str(self.path), f"{FORM}; the zip lacks {' and '.join(missing)}")
                self._tmp = Path(tempfile.mkdtemp(prefix="fledger-metaculus-"))
                for name in wanted:  # only the two known names are written, never a path from the archive
                    with z.open(names[name]) as src, open(self._tmp / name, "wb") as out:
                        shutil.copyfileobj(src, out, 1 << 20)
        except zipfile.BadZipFile:
            raise InvalidValue("file", str(self.path), f"{FORM}; it is not a zip file") from None
        except OSError as exc:
            raise InvalidValue("file", str(self.path), f"{FORM}; it cannot be read ({exc.strerror})") from None
        return self._tmp

    def __exit__(self, *exc: object) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
