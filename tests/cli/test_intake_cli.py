"""`fledger deadline` and `fledger extract`, run in this process as the console script runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ledger.cli.intake import FISCAL_START_FORM, deadline_command
from ledger.errors import LedgerError
from tests.support import run_cli

ARTICLES = Path(__file__).parent.parent / "ledger" / "articles"


# --------------------------------------------------------------------------- deadline


def test_deadline_human_output() -> None:
    result = run_cli("deadline", "by April", "--as-of", "2024-12-30")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "2025-04-01..2025-04-30  (Apr 2025, month, confidence 0.85)",
        "  read as: the next April ending on or after 2024-12-30",
    ]


def test_deadline_json_shape() -> None:
    result = run_cli("deadline", "no later than 1 May", "--as-of", "2024-12-30", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "phrase": "no later than 1 May",
        "earliest": "2025-05-01",
        "latest": "2025-05-01",
        "precision": "day",
        "rule": "the next May 1 on or after 2024-12-30",
        "confidence": 0.9,
        "label": "2025-05-01",
        "direction": "future",
    }


@pytest.mark.parametrize(
    ("phrase", "earliest", "latest"),
    [
        ("three weeks ago", "2024-12-09", "2024-12-15"),
        ("in April 2023", "2023-04-01", "2023-04-30"),
        ("yesterday", "2024-12-29", "2024-12-29"),
    ],
)
def test_deadline_reads_backward_references_and_says_they_are_past(phrase: str, earliest: str, latest: str) -> None:
    result = run_cli("deadline", phrase, "--as-of", "2024-12-30", "--json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["earliest"], shown["latest"], shown["direction"]) == (earliest, latest, "past")
    human = run_cli("deadline", phrase, "--as-of", "2024-12-30")
    assert "in the past" in human.stdout


def test_deadline_defaults_to_today() -> None:
    result = run_cli("deadline", "next year", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["precision"] == "year"


@pytest.mark.parametrize(
    ("phrase", "why"),
    [("4/5/2025", "ambiguous"), ("for three years", "duration"), ("whenever", "no deadline form matches")],
)
def test_unreadable_phrase_is_one_line_and_exit_2(phrase: str, why: str) -> None:
    result = run_cli("deadline", phrase, "--as-of", "2024-12-30")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"fledger: deadline: cannot read '{phrase}': ")
    assert why in lines[0]


def test_unreadable_phrase_raises_a_ledger_error_for_the_entry_point() -> None:
    result = CliRunner().invoke(deadline_command, ["whenever", "--as-of", "2024-12-30"])
    assert isinstance(result.exception, LedgerError)
    assert str(result.exception).startswith("deadline: cannot read 'whenever': ")


def test_phrase_with_line_breaks_still_gives_one_line() -> None:
    result = run_cli("deadline", "by\nsome\x00day", "--as-of", "2024-12-30")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("bad", ["2024-13-01", "30/12/2024", "tomorrow", "", "2024-02-30"])
def test_bad_as_of_names_the_option_and_form(bad: str) -> None:
    result = run_cli("deadline", "by April", "--as-of", bad)
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("fledger: --as-of: ")
    assert "expected a date YYYY-MM-DD" in result.stderr.strip()


# --------------------------------------------------------------------------- extract


def test_extract_human_list() -> None:
    result = run_cli("extract", str(ARTICLES / "seed_like_story.txt"), "--published", "2024-12-30")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("  1. report ")
    assert "[Apr 2025]" in lines[0] and "Tokayev" in lines[0]
    assert all(line[:5].strip().rstrip(".").isdigit() for line in lines)


def test_extract_json_from_stdin() -> None:
    text = "The council will close the road by May. It was sunny."
    result = run_cli("extract", "-", "--published", "2025-01-01", "--json", stdin=text)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "sentence": "The council will close the road by May.",
            "actor": "the council",
            "deadline": {
                "phrase": "by May",
                "earliest": "2025-05-01",
                "latest": "2025-05-31",
                "precision": "month",
                "rule": "the next May ending on or after 2025-01-01",
                "confidence": 0.85,
                "label": "May 2025",
            },
            "kind": "commitment",
            "score": 0.805,
            "title": "The council will close the road by May",
            "key": "council-close-road",
        }
    ]


def test_extract_without_deadline_gives_null() -> None:
    result = run_cli("extract", "-", "--published", "2025-01-01", "--json", stdin="Putin ordered the bank to act.")
    assert json.loads(result.stdout)[0]["deadline"] is None


def test_extract_nothing_found() -> None:
    result = run_cli("extract", "-", "--published", "2025-01-01", stdin="It rained all day.")
    assert result.exit_code == 0
    assert result.stdout.strip() == "no candidate commitments found"


def test_extract_tolerates_bad_bytes() -> None:
    result = run_cli("extract", "-", "--published", "2025-01-01", stdin=b"\xff\xfe The board will vote by June.")
    assert result.exit_code == 0
    assert "[Jun 2025]" in result.stdout


def test_extract_refuses_a_binary_file_as_dates_does() -> None:
    result = run_cli("extract", "-", "--published", "2025-01-01", stdin=b"The board will vote by June.\x00\x01")
    assert result.exit_code == 2
    assert "binary" in result.output and result.output.count("\n") == 1


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    result = run_cli("extract", str(tmp_path / "absent.txt"), "--published", "2025-01-01")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("fledger: FILE: ")
    assert "No such file" in result.stderr
    assert "- for standard input" in result.stderr


def test_directory_is_not_an_article(tmp_path: Path) -> None:
    result = run_cli("extract", str(tmp_path), "--published", "2025-01-01")
    assert result.exit_code == 2
    assert result.stderr.startswith("fledger: FILE: ")
    assert result.stderr.count("\n") == 1


def test_missing_published_date() -> None:
    result = run_cli("extract", "-", stdin="x")
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == "fledger: --as-of: missing; expected a date YYYY-MM-DD, the day the article was published"
    )


def test_bad_published_date() -> None:
    result = run_cli("extract", "-", "--published", "Dec 30", stdin="x")
    assert result.exit_code == 2
    assert result.stderr.strip() == "fledger: --as-of: 'Dec 30' is not valid; expected a date YYYY-MM-DD"


def test_as_of_and_published_are_one_option() -> None:
    text = "The ministry will publish the plan by the end of April."
    by_as_of = run_cli("extract", "-", "--as-of", "2025-01-10", "--json", stdin=text)
    by_published = run_cli("extract", "-", "--published", "2025-01-10", "--json", stdin=text)
    assert by_as_of.exit_code == 0 and by_as_of.stdout == by_published.stdout and "2025-04-30" in by_as_of.stdout
    read_as_of = run_cli("deadline", "by April", "--as-of", "2025-01-10")
    assert read_as_of.stdout == run_cli("deadline", "by April", "--published", "2025-01-10").stdout


def test_intake_commands_import_light() -> None:
    code = (
        "import sys, ledger.cli.intake; "
        "heavy = [m for m in ('textual', 'matplotlib', 'pandas') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    root = Path(__file__).parent.parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize(
    ("phrase", "start", "earliest", "latest"),
    [
        ("fiscal 2026", None, "2026-01-01", "2026-12-31"),  # the default: the calendar year
        ("the federal fiscal year 2026", None, "2025-10-01", "2026-09-30"),  # the US government's
        ("fiscal 2026", "October", "2025-10-01", "2026-09-30"),
        ("the third quarter of fiscal 2025", "6", "2024-12-01", "2025-02-28"),  # a year ending in May
    ],
)
def test_deadline_reads_fiscal_years_by_the_given_calendar(phrase: str, start: str | None, earliest: str,
                                                           latest: str) -> None:  # fmt: skip
    extra = ["--fiscal-year-start", start] if start else []
    result = run_cli("deadline", phrase, "--as-of", "2024-12-30", "--json", *extra)
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["earliest"], shown["latest"]) == (earliest, latest)


@pytest.mark.parametrize("month", ["13", "0", "Octember", ""])
def test_a_bad_fiscal_year_start_is_one_line_and_exit_2(month: str) -> None:
    result = run_cli("deadline", "fiscal 2026", "--as-of", "2024-12-30", "--fiscal-year-start", month)
    assert result.exit_code == 2
    expected = f"fledger: --fiscal-year-start: cannot read '{month}'; expected {FISCAL_START_FORM}"
    assert result.stderr.splitlines() == [expected]
