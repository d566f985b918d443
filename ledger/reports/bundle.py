"""A reproducibility bundle: the HTML report, the scored rows, the SQL that chose them, and a manifest.

Anyone can later recompute every number from ``scored_rows.csv`` and check that
a fresh run over the same ledger gives the same fingerprint.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ledger.errors import InvalidValue
from ledger.reports import atomic, csvout, html, jsonout
from ledger.reports.data import ReportData

BUNDLE_VERSION = 1
FILES = ("report.html", "report.json", "scored_rows.csv", "query.sql")


def write(data: ReportData, folder: Path) -> list[Path]:
    """Fill ``folder`` (created if missing; its parent must exist); returns the files written, manifest last."""
    folder = Path(folder).expanduser().absolute()
    if folder.exists() and not folder.is_dir():
        raise InvalidValue("bundle", str(folder), "a folder (this path is a file)")
    if not folder.parent.is_dir():
        raise InvalidValue(
            "bundle", str(folder), f"a folder inside an existing one ({str(folder.parent)!r} does not exist)"
        )
    folder.mkdir(exist_ok=True)
    paths = {name: folder / name for name in FILES}
    atomic.write_text(paths["report.html"], html.render(data))
    atomic.write_text(paths["report.json"], jsonout.render(data))
    atomic.write_with(
        paths["scored_rows.csv"],
        lambda handle: csvout.write_fast(handle, data.scored_csv, data.scored_columns, data.scored_rows),
    )
    atomic.write_text(paths["query.sql"], query_text(data))
    manifest = folder / "manifest.json"
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
        "files": {name: {"sha256": _sha256(path), "bytes": path.stat().st_size} for name, path in paths.items()},
        "reproduce": "run 'fledger report' with the same filters on the same ledger and compare fingerprints; "
        "or recompute the scores from scored_rows.csv (definitions: the Methods section of report.html)",
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _one_line(value: Any) -> str:
    return " ".join(str(value).split())
