"""Scenario files (TOML): reading them into records and writing records back.

A file holds one or more ``[[scenario]]`` tables, each with its ``[[scenario.outcomes]]``
and optional ``[[scenario.signposts]]`` (items named by key).  Ids are fixed in
the file, so loading it twice adds nothing.  Format: docs/scenarios.md.  No IO
here beyond the bundled files' text.
"""

from __future__ import annotations

import tomllib
import uuid
from datetime import date, datetime
from importlib import resources
from typing import Any

from attrs import frozen

from ledger.errors import InvalidValue
from ledger.model import Deadline
from ledger.scenarios.model import ScenarioOutcome, ScenarioSet


@frozen
class SignpostSpec:
    """A signpost as a file states it: the item by key (or id), the outcome by key."""

    item: str
    outcome: str
    direction: str
    likelihood_ratio: float | None
    note: str
    id: str


@frozen
class ScenarioSpec:
    set: ScenarioSet
    signposts: list[SignpostSpec]


def bundled_files() -> list[tuple[str, str]]:
    folder = resources.files("scenarios")
    return sorted((p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".toml"))


def _need(table: dict[str, Any], name: str, where: str) -> Any:
    if name not in table:
        raise InvalidValue(f"{where}: {name}", None, f"a '{name}' entry")
    return _string(table, name, where)


def _string(table: dict[str, Any], name: str, where: str, default: str = "") -> str:
    """A text entry; any other TOML type (a number, a list, a table) is refused."""
    value = table.get(name, default)
    if not isinstance(value, str):
        raise InvalidValue(f"{where}: {name}", value, "text in quotes")
    return value


def _number(table: dict[str, Any], name: str, where: str) -> float | None:
    value = table.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidValue(f"{where}: {name}", value, "a number")
    return float(value)


def _tables(table: dict[str, Any], name: str, where: str) -> list[dict[str, Any]]:
    """An array of tables (``[[...]]``); anything else is refused."""
    value = table.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InvalidValue(f"{where}: {name}", value, f"[[{name}]] tables")
    return value


def _labels(table: dict[str, Any], name: str, where: str) -> list[str]:
    value = table.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidValue(f"{where}: {name}", value, 'a list of texts like ["a", "b"]')
    return value


def _closes(entry: dict[str, Any], where: str) -> Deadline | None:
    phrase = _string(entry, "closes", where)
    earliest, latest = entry.get("close_earliest"), entry.get("close_latest")
    if earliest is not None or latest is not None:
        if not isinstance(earliest, date) or not isinstance(latest, date):
            raise InvalidValue(f"{where}: close_earliest/close_latest", (earliest, latest), "two dates YYYY-MM-DD")
        confidence = _number(entry, "close_confidence", where)
        return Deadline(
            earliest,
            latest,
            _string(entry, "close_precision", where, "day"),
            phrase,
            _string(entry, "close_rule", where),
            1.0 if confidence is None else confidence,
        )
    if not phrase:
        return None
    anchor = entry.get("opened_on")
    if not isinstance(anchor, date):
        raise InvalidValue(f"{where}: opened_on", anchor, "a date YYYY-MM-DD to read 'closes' from")
    from ledger.reading.deadlines import read_deadline  # loaded only when phrases are read

    reading = read_deadline(phrase, anchor)
    if reading.deadline is None:
        raise InvalidValue(f"{where}: closes", phrase, reading.reason)
    return reading.deadline


def _first_revision_id(set_id: str) -> str:
    # A file without a revision id still loads to the same first revision every time.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"fledger:scenario-revision:{set_id}"))


def parse_scenarios(name: str, text: str, now: datetime, recorded_by: str = "") -> list[ScenarioSpec]:
    """Every scenario set in a file, validated; a mistake names the file and the entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidValue(name, str(exc), "a TOML scenario file (docs/scenarios.md)") from None
    entries = data.get("scenario")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise InvalidValue(name, "no [[scenario]] tables", "at least one [[scenario]] table (docs/scenarios.md)")
    specs = []
    for n, entry in enumerate(entries, start=1):
        where = f"{name}: scenario {entry['key'] if isinstance(entry.get('key'), str) else n}"
        outcomes = [
            ScenarioOutcome(
                key=_need(o, "key", where),
                label=_need(o, "label", where),
                description=_string(o, "description", where).strip(),
                id=_need(o, "id", where),
            )
            for o in _tables(entry, "outcomes", where)
        ]
        scenario = ScenarioSet(
            key=_need(entry, "key", where), question=_need(entry, "question", where), outcomes=outcomes,
            recorded_at=now, created_at=now, closes=_closes(entry, where), criteria=_string(entry, "criteria", where).strip(),
            tags=_labels(entry, "tags", where), recorded_by=recorded_by, id=_need(entry, "id", where),
            revision_id=_string(entry, "revision_id", where) or _first_revision_id(_need(entry, "id", where)),
        )  # fmt: skip
        keys = {o.key for o in outcomes}
        signposts = []
        for s in _tables(entry, "signposts", where):
            outcome = _need(s, "outcome", where)
            if outcome not in keys:
                raise InvalidValue(f"{where}: signpost outcome", outcome, " | ".join(sorted(keys)))
            signposts.append(SignpostSpec(
                item=_need(s, "item", where), outcome=outcome, direction=_need(s, "direction", where),
                likelihood_ratio=_number(s, "likelihood_ratio", where), note=_string(s, "note", where).strip(),
                id=_need(s, "id", where),
            ))  # fmt: skip
        specs.append(ScenarioSpec(scenario, signposts))
    return specs


def scenario_table(spec: ScenarioSpec) -> dict[str, Any]:
    """One ``[[scenario]]`` table as a dict ready for TOML."""
    s = spec.set
    table: dict[str, Any] = {"id": s.id, "revision_id": s.revision_id, "key": s.key, "question": s.question}
    if s.closes:
        table.update({
            "closes": s.closes.phrase or s.closes.label, "close_earliest": s.closes.earliest,
            "close_latest": s.closes.latest, "close_precision": s.closes.precision, "close_rule": s.closes.rule,
            "close_confidence": s.closes.confidence,
        })  # fmt: skip
    table["criteria"] = s.criteria
    table["tags"] = list(s.tags)
    table["outcomes"] = [{"id": o.id, "key": o.key, "label": o.label, "description": o.description} for o in s.outcomes]
    signposts = []
    for p in spec.signposts:
        row: dict[str, Any] = {"id": p.id, "item": p.item, "outcome": p.outcome, "direction": p.direction}
        if p.likelihood_ratio is not None:
            row["likelihood_ratio"] = p.likelihood_ratio
        if p.note:
            row["note"] = p.note
        signposts.append(row)
    if signposts:
        table["signposts"] = signposts
    return table


def render_scenarios(specs: list[ScenarioSpec]) -> str:
    import tomli_w

    header = "# fledger scenario file (format: docs/scenarios.md)\n\n"
    return header + tomli_w.dumps({"scenario": [scenario_table(s) for s in specs]}, multiline_strings=True)
