"""Reading dates in text: one temporal grammar, the words of each language plugged in.

* ``ledger.reading.words``: ``LanguageWords``, the interface a language fills in;
* ``ledger.reading.lang.<code>``: the words of one language (``en``);
* ``ledger.reading.grammar``: reads one expression relative to a reference date into
  a window with a direction (past, current, future);
* ``ledger.reading.tagger``: finds every date expression in an article, with offsets,
  and takes the direction of bare names from their sentence.

Pure: no IO, no network, no model.
"""
