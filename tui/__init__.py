"""The analyst's terminal UI: a Textual app over ``ledger.service.Ledger``."""
