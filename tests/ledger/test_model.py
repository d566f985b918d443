"""Every record validation rule: a bad value raises InvalidValue naming its field."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

import attrs
import pytest

from ledger.errors import InvalidValue, LedgerError
from ledger.model import MAX_TITLE, Deadline, Forecast, Item, Resolution, Source

T = datetime(2025, 1, 2, 3, 4, 5)


def item(**changes: Any) -> Item:
    fields: dict[str, Any] = {"key": "x-sign-deal", "title": "Will X sign?", "recorded_at": T, "created_at": T}
    return Item(**{**fields, **changes})


def forecast(**changes: Any) -> Forecast:
    fields: dict[str, Any] = {"item_id": "i", "analyst": "alice", "probability": 0.3, "made_at": T, "recorded_at": T}
    return Forecast(**{**fields, **changes})


def rejects(field: str, build: Any, **changes: Any) -> InvalidValue:
    with pytest.raises(InvalidValue) as info:
        build(**changes)
    assert info.value.field == field
    message = str(info.value)
    assert message.startswith(f"{field}: ") and "expected" in message and "\n" not in message
    assert isinstance(info.value, LedgerError) and info.value.exit_code == 2
    return info.value


# --- probabilities -----------------------------------------------------------------


@pytest.mark.parametrize("p", [0, 0.0, 1, 1.0, 0.35, 1e-12])
def test_probability_accepts_numbers_in_the_unit_interval(p: float) -> None:
    assert forecast(probability=p).probability == p


@pytest.mark.parametrize(
    "p", [-0.01, 1.0000001, 35, float("nan"), float("inf"), float("-inf"), True, False, "0.3", None]
)
def test_probability_rejects_everything_else(p: object) -> None:
    rejects("probability", forecast, probability=p)


def test_forecast_needs_an_analyst_and_naive_utc_times() -> None:
    rejects("analyst", forecast, analyst="  ")
    rejects("analyst", forecast, analyst="a" * 101)
    rejects("made_at", forecast, made_at=T.replace(tzinfo=UTC))
    rejects("made_at", forecast, made_at=date(2025, 1, 1))
    rejects("recorded_at", forecast, recorded_at="2025-01-01")
    rejects("note", forecast, note="bad\x00note")


# --- keys and titles -----------------------------------------------------------------


@pytest.mark.parametrize("key", ["a", "x-sign-deal", "2025-q2", "a" * 48, "0-0"])
def test_keys_accepted(key: str) -> None:
    assert item(key=key).key == key


@pytest.mark.parametrize("key", ["", "-lead", "Upper", "with space", "under_score", "a" * 49, "ünï", 7, None])
def test_keys_rejected(key: object) -> None:
    rejects("key", item, key=key)


def test_title_is_stripped_and_required() -> None:
    assert item(title="  Padded  ").title == "Padded"
    rejects("title", item, title="")
    rejects("title", item, title="   \n\t")


def test_title_length_and_nul() -> None:
    assert len(item(title="t" * MAX_TITLE).title) == MAX_TITLE
    rejects("title", item, title="t" * (MAX_TITLE + 1))
    rejects("title", item, title="a\x00b")
    rejects("title", item, title=42)


def test_long_text_fields_have_limits() -> None:
    rejects("quote", item, quote="q" * 5001)
    rejects("statement", item, statement="s" * 20_001)
    rejects("criteria", item, criteria="nul\x00")
    rejects("kind", item, kind="prediction")
    rejects("recorded_at", item, recorded_at=datetime(2025, 1, 1, tzinfo=UTC))


# --- tags and actors -------------------------------------------------------------------


def test_labels_convert_from_lists_and_semicolon_text() -> None:
    i = item(tags="ai; china;;ai ", actors=["Sberbank", " Sberbank ", "Russian government"])
    assert i.tags == ("ai", "china")
    assert i.actors == ("Sberbank", "Russian government")
    assert item(tags=None).tags == ()
    assert item(tags=(1, 2)).tags == ("1", "2")


def test_labels_rejected() -> None:
    rejects("tag", item, tags=["x" * 101])
    rejects("actor", item, actors=["a\x00b"])


def test_a_list_label_cannot_hold_a_semicolon() -> None:
    # Text is split on ';', but a list element is kept whole, so the rule must catch it.
    rejects("tag", item, tags=["a;b"])
    rejects("actor", item, actors=("ok", "x;y"))


# --- outcomes and resolutions -------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["yes", "no", "annulled"])
def test_outcomes_accepted(outcome: str) -> None:
    assert Resolution("i", outcome, date(2025, 1, 1), T).outcome == outcome


@pytest.mark.parametrize("outcome", ["YES", "maybe", "", None, True])
def test_outcomes_rejected(outcome: object) -> None:
    rejects("outcome", Resolution, item_id="i", outcome=outcome, known_on=date(2025, 1, 1), recorded_at=T)


def test_resolution_known_on_is_a_date_not_a_timestamp() -> None:
    rejects("known_on", Resolution, item_id="i", outcome="yes", known_on=T, recorded_at=T)
    rejects("known_on", Resolution, item_id="i", outcome="yes", known_on="2025-01-01", recorded_at=T)
    rejects("evidence", Resolution, item_id="i", outcome="yes", known_on=T.date(), recorded_at=T, evidence="\x00")


# --- deadlines ----------------------------------------------------------------------------


def test_deadline_window_order() -> None:
    assert Deadline(date(2025, 4, 30), date(2025, 4, 30), "day").label == "2025-04-30"
    rejects("deadline", Deadline, earliest=date(2025, 5, 1), latest=date(2025, 4, 30), precision="day")


@pytest.mark.parametrize("confidence", [-0.1, 1.1, float("nan")])
def test_deadline_confidence_in_unit_interval(confidence: float) -> None:
    rejects("deadline confidence", Deadline, earliest=date(2025, 1, 1), latest=date(2025, 1, 2),
            precision="week", confidence=confidence)  # fmt: skip


def test_deadline_fields() -> None:
    rejects("deadline precision", Deadline, earliest=date(2025, 1, 1), latest=date(2025, 1, 2), precision="fortnight")
    rejects("deadline earliest", Deadline, earliest=T, latest=date(2025, 1, 2), precision="day")
    rejects("deadline latest", Deadline, earliest=date(2025, 1, 1), latest=None, precision="day")
    rejects("deadline phrase", Deadline, earliest=date(2025, 1, 1), latest=date(2025, 1, 1), precision="day",
            phrase="p" * 501)  # fmt: skip


@pytest.mark.parametrize(
    ("earliest", "latest", "precision", "label"),
    [
        (date(2025, 4, 30), date(2025, 4, 30), "day", "2025-04-30"),
        (date(2025, 4, 1), date(2025, 4, 30), "month", "Apr 2025"),
        (date(2025, 4, 1), date(2025, 6, 30), "quarter", "2025-Q2"),
        (date(2025, 7, 1), date(2025, 12, 31), "half", "2025-H2"),
        (date(2025, 1, 1), date(2025, 12, 31), "year", "2025"),
        (date(2025, 1, 1), date(2025, 4, 30), "vague", "2025-01-01..2025-04-30"),
        (date(2025, 2, 1), date(2025, 4, 30), "quarter", "2025-02-01..2025-04-30"),
        (date(2025, 6, 6), date(2025, 6, 6), "week", "2025-06-06"),
    ],
)
def test_deadline_label_forms(earliest: date, latest: date, precision: str, label: str) -> None:
    assert Deadline(earliest, latest, precision).label == label


# --- sources and revisions ---------------------------------------------------------------------


def test_source_rules_and_text_hash() -> None:
    s = Source(title=" An article ", recorded_at=T, text="body")
    assert s.title == "An article"
    assert s.text_sha256 == hashlib.sha256(b"body").hexdigest()
    rejects("title", Source, title="", recorded_at=T)
    rejects("url", Source, title="t", recorded_at=T, url="u" * 2001)
    rejects("published_on", Source, title="t", recorded_at=T, published_on=T)


def test_records_are_frozen_and_revise_keeps_the_id() -> None:
    original = item()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        original.title = "changed"  # type: ignore[misc]
    later = datetime(2025, 2, 1)
    revised = original.revise(later, "bob", title="New title")
    assert (revised.id, revised.created_at) == (original.id, original.created_at)
    assert revised.revision_id != original.revision_id
    assert (revised.title, revised.recorded_at, revised.recorded_by) == ("New title", later, "bob")
    with pytest.raises(InvalidValue):
        original.revise(later, "bob", title="")
