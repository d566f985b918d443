"""Reading articles: text -> dated expressions -> deadlines -> candidate commitments.

One temporal grammar, the words of each language plugged in, and on top of it
deadline semantics and commitment extraction:

* ``ledger.reading.words``: ``LanguageWords``, the interface a language fills in;
* ``ledger.reading.lang.<code>``: the words of one language (``en``, ``ru``);
* ``ledger.reading.tokens`` and ``ledger.reading.expression``: the pieces the grammar reads;
* ``ledger.reading.grammar``: reads one expression relative to a reference date into
  a window with a direction (past, current, future);
* ``ledger.reading.tagger``: finds every date expression in an article, with offsets,
  and takes the direction of bare names from their sentence;
* ``ledger.reading.deadlines``: a deadline phrase ("by April", "within ten days",
  "Срок – до 1 июля") -> a ``Deadline`` window;
* ``ledger.reading.extract``: sentences that state commitments -> ranked candidates
  (actor, key, title, deadline); ``ledger.reading.extract_ru`` holds the Russian
  sentence shapes beside it.

Pure: no IO, no network, no model.  Docs: docs/deadlines.md.
"""
