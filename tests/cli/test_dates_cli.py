"""`fledger dates` and the past-deadline check of `fledger item add`, driven in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import run_cli

# Sentences from TimeBank (APW19980807.0261 and wsj_0124), published on the dates given.
WIRE = (
    "Suspected bombs exploded outside the U.S. embassies in the Kenyan and Tanzanian capitals Friday, "
    "killing dozens of people, witnesses said.\n\nThe company expects to report results for the fourth "
    "quarter by Feb. 15 and said profit fell 20% a year ago."
)


def test_dates_json_offsets_are_into_the_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "wire.txt"
    path.write_text(WIRE, encoding="utf-8")
    code, out, err = run_cli("dates", str(path), "--published", "1998-08-07", "--json")
    assert code == 0, err
    found = json.loads(out)
    assert [m["text"] for m in found] == ["Friday", "fourth quarter", "by Feb. 15", "a year ago"]
    for mention in found:
        assert WIRE[mention["start"] : mention["end"]] == mention["text"]
        assert set(mention) >= {"text", "start", "end", "earliest", "latest", "direction", "precision", "rule",
                                "confidence"}  # fmt: skip
    friday, quarter, february, year_ago = found
    assert (friday["earliest"], friday["direction"]) == ("1998-08-07", "current")
    assert (quarter["earliest"], quarter["latest"]) == ("1998-10-01", "1998-12-31")
    assert (february["earliest"], february["direction"]) == ("1999-02-15", "future")
    assert (year_ago["earliest"], year_ago["latest"], year_ago["direction"]) == ("1997-01-01", "1997-12-31", "past")


def test_dates_in_html_are_offsets_into_the_visible_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ledger.reading.extract import html_to_text

    html = "<html><head><title>Report</title></head><body><p>The ministry will publish it <b>by 30 June 2025</b>.</p></body></html>"
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    code, out, err = run_cli("dates", str(path), "--published", "2025-03-01", "--json")
    assert code == 0, err
    (mention,) = json.loads(out)
    assert html_to_text(html)[mention["start"] : mention["end"]] == mention["text"] == "by 30 June 2025"


def test_dates_human_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "wire.txt"
    path.write_text(WIRE, encoding="utf-8")
    code, out, _ = run_cli("dates", str(path), "--published", "1998-08-07")
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["89", "Friday", "1998-08-07"]


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 20, "binary"),
        (b"", "holds no text"),
        (b"  \n\n  ", "holds no text"),
    ],
)
def test_bad_files_are_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
                                          why: str) -> None:  # fmt: skip
    path = tmp_path / "bad"
    path.write_bytes(content)
    code, out, err = run_cli("dates", str(path), "--published", "2025-01-01")
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1 and why in err and "FILE" in err


def test_a_50_mb_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: no time spent writing
    code, _, err = run_cli("dates", str(path), "--published", "2025-01-01")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "smaller than" in err


def test_dates_needs_the_publication_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "wire.txt"
    path.write_text(WIRE, encoding="utf-8")
    code, _, err = run_cli("dates", str(path))
    assert code == 2 and "--as-of" in err


# --------------------------------------------------------------------------- item add and past deadlines


def test_item_add_refuses_a_deadline_before_its_source_in_scripts(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    db = str(tmp_path / "l.duckdb")
    assert run_cli("--db", db, "init", "--empty")[0] == 0
    assert run_cli("--db", db, "source", "add", "Decree", "--published", "2025-03-01")[0] == 0
    code, out, err = run_cli("--db", db, "item", "add", "Old", "--deadline", "January 2025", "--source", "Decree")
    assert (code, out) == (2, "") and "--allow-past" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run_cli("--db", db, "list", "--all", "--json")
    assert json.loads(out) == []
    code, out, err = run_cli("--db", db, "item", "add", "Old", "--deadline", "January 2025", "--source", "Decree",
                         "--allow-past")  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("--db", db, "item", "add", "New", "--deadline", "by June", "--source", "Decree")
    assert code == 0 and "Jun 2025" in out


def test_dates_reads_fiscal_years_by_the_sentence_or_the_option(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    path = tmp_path / "fiscal.txt"
    path.write_text("The Pentagon will cut spending in fiscal 2026. The retailer expects growth in fiscal 2026.",
                    encoding="utf-8")  # fmt: skip
    code, out, err = run_cli("dates", str(path), "--published", "2025-03-01", "--json")
    assert code == 0, err
    federal, company = json.loads(out)
    assert (federal["earliest"], federal["latest"]) == ("2025-10-01", "2026-09-30")
    assert (company["earliest"], company["latest"]) == ("2026-01-01", "2026-12-31")
    code, out, err = run_cli("dates", str(path), "--published", "2025-03-01", "--json", "--fiscal-year-start", "feb")
    assert code == 0, err
    assert [(m["earliest"], m["latest"]) for m in json.loads(out)] == [("2025-02-01", "2026-01-31")] * 2
