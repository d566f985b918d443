"""``python -m ledger`` is the ``fledger`` command."""

from ledger.cli import entry

entry()
