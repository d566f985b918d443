"""Every read command a user relies on, run in-process against one ledger."""

from __future__ import annotations

from pathlib import Path

from ledger.cli import main


def read_commands(db: Path, out: Path) -> dict[str, list[str]]:
    d = ["--db", str(db)]
    return {
        "list --all": [*d, "list", "--all"],
        "list --json": [*d, "list", "--all", "--json"],
        "show": [*d, "show", "cpi-june"],
        "due": [*d, "due", "--within", "400d"],
        "score": [*d, "score", "--by", "analyst"],
        "report": [*d, "report", "-o", str(out / "r.json")],  # the HTML charts are tested elsewhere
        "export": [*d, "export", str(out / "e.jsonl")],
        "export --ics": [*d, "export", "--ics", str(out / "e.ics")],
        "scenario list": [*d, "scenario", "list"],
        "scenario show": [*d, "scenario", "show", "tender"],
        "actors": [*d, "actors"],
    }


def every_read_works(db: Path, out: Path, capsys) -> None:
    """Each read command exits 0 with no traceback (what a user needs to keep working)."""
    out.mkdir(exist_ok=True)
    for name, argv in read_commands(db, out).items():
        code = main(argv)
        _, err = capsys.readouterr()
        assert code == 0, f"{name}: exit {code}: {err}"
        assert "Traceback" not in err, f"{name}: {err}"
