"""Whatever an exchange import accepts, every read command still works afterwards (hypothesis)."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.cli import main
from ledger.model import PRECISIONS
from ledger.service import Ledger
from tests.ledger_builders import varied_ledger
from tests.reliability.reads import every_read_works

# Values a careful tool would write, mixed with hostile ones, so that both acceptance and refusal are explored.
texts = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=30),
    st.text(max_size=30),
    st.sampled_from(["", "   ", "a;b", "x\x1b[31m", "\x00", "[/]", "[bold]x", "a" * 5000, "\u202e", "\r\n"]),
)
days = st.one_of(
    st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)  # fmt: skip
moments = st.one_of(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2025, 1, 1)),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)),
)  # fmt: skip
numbers = st.one_of(
    st.floats(0, 1), st.floats(0, 1), st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 5), st.just(0.5)
)


def _iso(value):
    return None if value is None else value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()


forecast = st.fixed_dictionaries({
    "analyst": texts, "probability": numbers, "made_at": moments.map(_iso), "note": texts,
})  # fmt: skip
revision = st.fixed_dictionaries({
    "key": st.one_of(st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True), texts),
    "title": texts, "tags": st.lists(texts, max_size=3), "actors": st.lists(texts, max_size=2),
    "deadline_earliest": days.map(_iso), "deadline_latest": days.map(_iso),
    "deadline_precision": st.one_of(st.sampled_from(PRECISIONS), texts),
    "deadline_confidence": numbers, "created_at": moments.map(_iso),
})  # fmt: skip
vector = st.lists(numbers, min_size=3, max_size=3)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("property")
    varied_ledger(folder / "varied.duckdb")
    Ledger(folder / "varied.duckdb").export_jsonl(folder / "varied.jsonl")
    lines = [json.loads(x) for x in (folder / "varied.jsonl").read_text().splitlines()]
    return folder, lines


def _with(lines, kind, make):
    """The export plus new records of ``kind`` made from the first such record."""
    header, *records = lines
    firsts = [r for r in records if r["kind"] == kind]
    group = [r for r in firsts if r["record"].get("id") == firsts[0]["record"].get("id")] if kind == "scenario_forecasts" \
        else firsts[:1]  # fmt: skip
    new = [{**r, "record": {**r["record"], **make(n)}} for n, r in enumerate(group)]
    counts = {**header["record"]["counts"], kind: header["record"]["counts"][kind] + len(new)}
    return [{**header, "record": {**header["record"], "counts": counts}}, *records, *new]


COUNTS = {"accepted": 0, "refused": 0}
REASONS: list[str] = []


def _some(data, strategy):
    """One to three of the generated fields; the rest stay as the exported record had them."""
    fields = data.draw(strategy)
    chosen = data.draw(st.sets(st.sampled_from(sorted(fields)), min_size=1, max_size=3))
    return {k: v for k, v in fields.items() if k in chosen}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_whatever_an_import_accepts_leaves_every_read_working(template, tmp_path_factory, capsys, data):
    folder, lines = template
    work = tmp_path_factory.mktemp("case")
    db = work / "ledger.duckdb"
    shutil.copyfile(folder / "varied.duckdb", db)
    kind = data.draw(st.sampled_from(["forecasts", "item_revisions", "scenario_forecasts"]))
    if kind == "forecasts":
        fields = _some(data, forecast)
        records = _with(lines, kind, lambda n: {**fields, "id": "generated-forecast"})
    elif kind == "item_revisions":
        fields = _some(data, revision)
        fresh = {"revision_id": "generated-rev", "item_id": "generated-item", "key": "generated"}
        records = _with(lines, kind, lambda n: {**fresh, **fields})
    else:
        probabilities = data.draw(vector)
        records = _with(lines, kind, lambda n: {"id": "generated-vector", "probability": probabilities[n]})
    path = work / "generated.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code = main(["--db", str(db), "import", str(path)])
    _, err = capsys.readouterr()
    assert code in (0, 2), err
    assert "Traceback" not in err and "internal error" not in err, err
    COUNTS["accepted" if code == 0 else "refused"] += 1
    if code:
        REASONS.append(err.split("records break")[-1][:80])
    if code == 0:  # a refusal leaves the ledger as it was (test_entrances checks the fingerprint)
        every_read_works(db, work / "out", capsys)
