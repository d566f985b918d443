"""Scoring definitions: the scored-pairs relation and the metrics over it, as SQL text.

``sql`` builds the SQL (executed by ``ledger.storage.scoring``); ``results``
holds the records a score comes back as.  The written definitions are in
docs/scoring.md.
"""
