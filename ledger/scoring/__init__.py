"""Scoring definitions: the scored-pairs relation and the metrics over it, as SQL text.

``sql`` builds the SQL over the relations storage supplies; ``groups`` runs it
and shapes the result; ``scored_csv`` is the SQL of the scored-rows file;
``results`` holds the records a score comes back as.  The written definitions are in
docs/scoring.md.
"""
