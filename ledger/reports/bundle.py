"""A reproducibility bundle: the HTML report, the scored rows, the SQL that chose them, and a manifest.

Anyone can later recompute every number from ``scored_rows.csv`` and check that
a fresh run over the same ledger gives the same fingerprint.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ledger.errors import InvalidValue
from ledger.reports import atomic, html, jsonout, output
from ledger.reports.data import ReportData

BUNDLE_VERSION = 1
FILES = ("report.html", "report.json", "scored_rows.csv", "query.sql")


MANIFEST = "manifest.json"


def check_folder(folder: Path | str) -> Path:
    """The bundle folder made absolute: nothing yet, an empty folder or an earlier bundle, in an existing folder.

    A folder holding anything but a bundle's own files is refused, so that a bundle never replaces
    files it did not write; a link that leads nowhere is refused too.
    """
    folder = Path(folder).expanduser().absolute()
    if folder.is_symlink() and not folder.exists():
        raise InvalidValue("bundle", str(folder), "a folder (this path is a link to nothing)")
    if folder.exists() and not folder.is_dir():
        raise InvalidValue("bundle", str(folder), "a folder (this path is a file)")
    if folder.is_dir():
        try:
            present = {entry.name for entry in folder.iterdir()}
        except OSError as exc:
            raise InvalidValue("bundle", str(folder), f"a readable folder ({exc.strerror})") from None
        foreign = sorted(present - {*FILES, MANIFEST})
        if foreign:
            raise InvalidValue(
                "bundle", str(folder), f"a new or empty folder, or an earlier bundle (it holds {foreign[0]!r})"
            )
    if not folder.parent.is_dir():
        raise InvalidValue(
            "bundle", str(folder), f"a folder inside an existing one ({str(folder.parent)!r} does not exist)"
        )
    return folder


def files_in(folder: Path) -> list[Path]:
    """Every file a bundle in ``folder`` replaces."""
    return [folder / name for name in (*FILES, MANIFEST)]


def scored_rows_path(folder: Path) -> Path:
    """Where a bundle keeps its scored rows (the engine can write them straight there)."""
    return folder / "scored_rows.csv"


def write(data: ReportData, folder: Path) -> list[Path]:
    """Fill ``folder`` (created if missing; its parent must exist); returns the files written, manifest last."""
    folder = check_folder(folder)
    folder.mkdir(exist_ok=True)
    paths = {name: folder / name for name in FILES}
    atomic.write_text(paths["report.html"], html.render(data))
    atomic.write_text(paths["report.json"], jsonout.render(data))
    output.place_scored_rows(data, paths["scored_rows.csv"])
    atomic.write_text(paths["query.sql"], query_text(data))
    manifest = folder / MANIFEST
    atomic.write_text(manifest, json.dumps(manifest_object(data, paths), ensure_ascii=False, indent=2) + "\n")
    return [*paths.values(), manifest]


def query_text(data: ReportData) -> str:
    lines = ["-- The query that selected the scored rows of this report (values are bound as parameters).",
             f"-- ledger: {_one_line(data.ledger_name)}", f"-- fingerprint: {_one_line(data.fingerprint)}"]  # fmt: skip
    lines += [f"-- {name}: {_one_line(value)}" for name, value in data.filter_items()]
    return "\n".join(lines) + "\n\n" + data.sql.strip() + "\n"


def manifest_object(data: ReportData, paths: dict[str, Path]) -> dict[str, Any]:
    meta = jsonout.report_object(data)["report"]
    return {
        "bundle_version": BUNDLE_VERSION,
        "title": data.title,
        "ledger": data.ledger_name,
        "generated_at": meta["generated_at"],
        "filters": meta["filters"],
        "fingerprint": data.fingerprint,
        "n_scored_rows": data.n_forecasts,
        "versions": dict(data.versions),
        "files": {
            name: {"sha256": atomic.sha256_of(path), "bytes": path.stat().st_size} for name, path in paths.items()
        },
        "reproduce": "run 'fledger report' with the same filters on the same ledger and compare fingerprints; "
        "or recompute the scores from scored_rows.csv (definitions: the Methods section of report.html)",
    }


def _one_line(value: Any) -> str:
    return " ".join(str(value).split())
