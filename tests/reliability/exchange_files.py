"""Writing exchange files by hand, for tests that need many records in one transaction."""

from __future__ import annotations

import json
import uuid
from pathlib import Path


def forecast_batch(path: Path, item_id: str, label: str, size: int, schema: int = 1) -> Path:
    """An exchange file of ``size`` forecasts noted ``LABEL/i``; importing it is one transaction."""
    records = [
        {"format": "fledger", "version": 1, "schema": schema, "kind": "forecasts", "record": {
            "id": str(uuid.uuid4()), "item_id": item_id, "analyst": "batch", "probability": (i % 9 + 1) / 10,
            "made_at": "2025-03-01 12:00:00", "recorded_at": "2025-03-01 12:00:00", "note": f"{label}/{i}"}}
        for i in range(size)
    ]  # fmt: skip
    header = {"format": "fledger", "version": 1, "schema": schema, "kind": "header",
              "record": {"counts": {"forecasts": size}}}  # fmt: skip
    path.write_text("".join(json.dumps(x) + "\n" for x in [header, *records]), encoding="utf-8")
    return path
