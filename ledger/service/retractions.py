"""Taking back a forecast or a resolution recorded by mistake, without erasing anything.

A retraction is a new record naming the one it takes back.  The forecast or
resolution stays in history (shown struck through) and, from the moment the
retraction is recorded, counts nowhere: not in scores, the item list, or the
resolution in force.
"""

from __future__ import annotations

from ledger.errors import Ambiguous, Conflict, NotFound
from ledger.model import Forecast, Resolution, Retraction
from ledger.service.base import LedgerBase
from ledger.storage import records


class RetractionOps(LedgerBase):
    def retract(self, ref: str, *, forecast_id: str | None = None, reason: str = "") -> tuple[Retraction, Forecast]:
        """Take back my latest standing forecast on an item, or the one of mine whose id starts with ``forecast_id``."""
        with self._writing() as con:
            item = self._item(con, ref)
            retracted = {r.target_id for r in records.item_retractions(con, item.id)}
            mine = [f for f in records.item_forecasts(con, item.id) if f.analyst == self.analyst]
            if forecast_id is None:
                standing = [f for f in mine if f.id not in retracted]
                if not standing:
                    raise NotFound(f"retract: {self.analyst!r} has no forecast on {item.key!r} to take back")
                target = standing[-1]
            else:
                prefix = forecast_id.strip().lower()
                matches = [f for f in mine if f.id.startswith(prefix)] if len(prefix) >= 4 else []
                if not matches:
                    raise NotFound(
                        f"id: no forecast of {self.analyst!r} on {item.key!r} has an id starting {forecast_id!r} "
                        "(at least 4 characters; see 'fledger show --json'); only your own forecasts can be retracted"
                    )
                if len(matches) > 1:
                    raise Ambiguous(f"id: {forecast_id!r} matches {len(matches)} forecasts; type more of the id")
                target = matches[0]
                if target.id in retracted:
                    raise Conflict(f"retract: forecast {target.id[:8]} on {item.key!r} is already retracted")
            retraction = Retraction(
                "forecast", target.id, item.id, self.analyst, self.now_after(target.recorded_at), reason
            )
            records.insert_retraction(con, retraction)
        return retraction, target

    def unresolve(self, ref: str, *, reason: str = "") -> list[tuple[Retraction, Resolution]]:
        """Take back every standing resolution of an item: it is open again, and its history is kept."""
        with self._writing() as con:
            item = self._item(con, ref)
            retracted = {r.target_id for r in records.item_retractions(con, item.id)}
            standing = [r for r in records.item_resolutions(con, item.id) if r.id not in retracted]
            if not standing:
                raise Conflict(f"unresolve: {item.key!r} is not resolved; nothing to take back")
            now = self.now_after(max(r.recorded_at for r in standing))
            out = []
            for resolution in standing:
                retraction = Retraction("resolution", resolution.id, item.id, self.analyst, now, reason)
                records.insert_retraction(con, retraction)
                out.append((retraction, resolution))
        return out
