"""Bundled seed stories: TOML files in the ``seeds`` package, read into records.

Seed records carry fixed ids, so loading them twice adds nothing.  Deadline
phrases are read by the phrase reader, anchored on the source's publication date.
See docs/seeds.md for the file format.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from importlib import resources
from typing import Any

from attrs import frozen

from ledger.errors import InvalidValue
from ledger.model import Item, Source


@frozen
class SeedStory:
    name: str
    source: Source
    items: list[Item]


def seed_files() -> list[tuple[str, str]]:
    folder = resources.files("seeds")
    return sorted((p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir() if p.name.endswith(".toml"))


def parse_story(name: str, text: str, now: datetime, recorded_by: str = "seed") -> SeedStory:
    data = tomllib.loads(text)
    s: dict[str, Any] = data["source"]
    source = Source(
        id=s["id"], title=s["title"], publisher=s.get("publisher", ""), url=s.get("url", ""),
        published_on=s.get("published_on"), published_note=s.get("published_note", ""), recorded_at=now,
    )  # fmt: skip
    anchor: date = source.published_on or now.date()
    items = []
    for entry in data.get("items", []):
        from ledger.reading.deadlines import read_deadline  # loaded only when phrases are read

        reading = read_deadline(entry["deadline"], anchor)
        if reading.deadline is None:
            raise InvalidValue(f"{name}: {entry['key']}: deadline", entry["deadline"], reading.reason)
        items.append(
            Item(
                id=entry["id"],
                revision_id=entry["revision_id"],
                key=entry["key"],
                title=entry["title"],
                kind=entry.get("kind", "question"),
                statement=entry.get("statement", ""),
                actors=entry.get("actors", ()),
                quote=entry.get("quote", ""),
                criteria=entry.get("criteria", ""),
                tags=entry.get("tags", ()),
                deadline=reading.deadline,
                source_id=source.id,
                created_at=now,
                recorded_at=now,
                recorded_by=recorded_by,
            )
        )
    return SeedStory(name, source, items)


def bundled_stories(now: datetime) -> list[SeedStory]:
    return [parse_story(name, text, now) for name, text in seed_files()]
