"""Open deadlines as an iCalendar file, so they show up in the analyst's calendar.

One all-day event per open item, on the last day of its deadline window.  The
UID is derived from the item id, so a calendar that re-reads the file updates
each event instead of adding a copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from attrs import frozen

PRODID = "-//fledger//deadlines//EN"


@frozen
class DeadlineEvent:
    item_id: str
    key: str
    title: str
    earliest: date
    latest: date
    label: str
    phrase: str
    url: str  # the source's address, '' if it has none


def uid(item_id: str) -> str:
    return f"{item_id}@fledger"


def calendar_bytes(events: Iterable[DeadlineEvent], stamp: datetime) -> bytes:
    """The calendar as bytes; ``stamp`` (naive UTC) is when it was made."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "fledger deadlines")
    for e in events:
        ev = Event()
        ev.add("uid", uid(e.item_id))
        ev.add("dtstamp", stamp.replace(tzinfo=None))
        ev.add("dtstart", e.latest)
        ev.add("dtend", e.latest + timedelta(days=1) if e.latest < date.max else e.latest)  # no day after 9999-12-31
        ev.add("summary", f"[{e.key}] {e.title}")
        window = e.label if e.earliest == e.latest else f"{e.label} ({e.earliest} .. {e.latest})"
        lines = [f"Deadline: {window}"]
        if e.phrase:
            lines.append(f"Read from: {e.phrase!r}")
        lines.append(f"Details: fledger show {e.key}")
        if e.url:
            lines.append(f"Source: {e.url}")
            ev.add("url", e.url)
        ev.add("description", "\n".join(lines))
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()
