"""Load bookkeeping shared by the screens that read the ledger.

A screen hands out a ticket for every load it starts and records the ticket of
every answer it paints.  When the newest ticket has been painted the screen is
*settled*: what it shows answers the latest question asked.  Tests wait on this
instead of on timing; stale answers (from a worker that was superseded) carry an
older ticket and do not count.
"""

from __future__ import annotations


class LoadTracking:
    asked: int = 1  # the first load is owed from the start: a new screen is not settled until it paints
    answered: int = 0

    def ask(self) -> int:
        """A ticket for a load about to start."""
        self.asked += 1
        return self.asked

    def answer(self, ticket: int | None = None) -> None:
        """The answer to ``ticket`` (None: the newest, e.g. after an error) is on screen."""
        self.answered = max(self.answered, self.asked if ticket is None else ticket)

    @property
    def settled(self) -> bool:
        return self.answered >= self.asked
