"""Checking a whole ledger against its rules, and hiding what breaks them (append-only)."""

from __future__ import annotations

from ledger.errors import InvalidValue
from ledger.service.base import LedgerBase
from ledger.storage import corrections
from ledger.storage.corrections import BrokenRow
from ledger.validators import MAX_TEXT

DEFAULT_REASON = "broke the ledger's rules (fledger check --hide)"


class CheckOps(LedgerBase):
    def check(self) -> list[BrokenRow]:
        """Every row (as readers see it, corrections applied) that breaks one of the ledger's rules."""
        with self._reading() as con:
            return corrections.breaches(con)

    def hide_broken(self, reason: str = DEFAULT_REASON) -> tuple[list[BrokenRow], int]:
        """Append a correction hiding every row that breaks a rule, so every reader can read the ledger again.

        Nothing is deleted; returns (the rows hidden, corrections written).
        """
        reason = reason.strip()
        if not reason or len(reason) > MAX_TEXT or "\x00" in reason:
            raise InvalidValue("reason", reason, f"text of 1-{MAX_TEXT} characters")
        with self._writing() as con:  # what is hidden already is out of sight, so out of the list
            broken = corrections.breaches(con)
            written = corrections.hide(con, broken, reason, self.now(), self.analyst)
        return broken, written
