"""Raw connections stay inside the service and storage: the front ends call use cases.

``Ledger`` keeps its store and its connection helpers private (``_store``,
``_reading``, ``_writing``); nothing in ``ledger`` outside ``ledger/service`` and
``ledger/storage``, and nothing in ``tui``, may reach them (docs/decisions.md,
"The service's shape").
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = (ROOT / "ledger" / "service", ROOT / "ledger" / "storage")
CONNECTIONS = {"reading", "_reading", "writing", "_writing"}  # ``with x.reading() as con``
FORBIDDEN = {"store", "_store", "lock_timeout"}  # any use at all


def _offences(path: Path, base: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = [(n.lineno, n.attr) for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr in FORBIDDEN]
    for node in ast.walk(tree):
        if isinstance(node, ast.With | ast.AsyncWith):
            for entry in node.items:
                call = entry.context_expr
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr in CONNECTIONS
                ):
                    found.append((call.lineno, call.func.attr))
    return [f"{path.relative_to(base)}:{line}: .{attr}" for line, attr in sorted(found)]


def test_no_front_end_reaches_a_connection_or_the_store() -> None:
    files = [p for p in (ROOT / "ledger").rglob("*.py") if not any(p.is_relative_to(a) for a in ALLOWED)]
    files += list((ROOT / "tui").rglob("*.py"))
    assert len(files) > 40  # the scan really covers the packages
    offences = [o for path in sorted(files) for o in _offences(path)]
    assert offences == []


def test_the_scan_catches_a_raw_connection(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("def f(ledger):\n    with ledger.writing() as con:\n        return ledger.store.path\n")
    assert _offences(probe, tmp_path) == ["probe.py:2: .writing", "probe.py:3: .store"]
