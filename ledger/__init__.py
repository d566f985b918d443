"""fledger: a scenario-tracking and forecasting ledger."""

__version__ = "0.1.0"
