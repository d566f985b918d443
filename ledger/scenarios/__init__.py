"""Scenario tracking in the domain: sets of mutually exclusive outcomes, forecasts over them, signposts.

* ``ledger.scenarios.model``: the records (``ScenarioSet``, ``ScenarioOutcome``,
  ``ScenarioForecast``, ``ScenarioResolution``, ``SignpostLink``), frozen and self-validating;
* ``ledger.scenarios.math``: pure arithmetic: vectors, scores, Bayes updates;
* ``ledger.scenarios.files``: scenario files (TOML) read into records and written back;
* ``ledger.scenarios.serialize``: records -> the ``--json`` shapes.

Storing them is ``ledger.storage.scenarios`` (scores: ``ledger.storage.scenario_scores``),
the use cases ``ledger.service.scenarios``.  Definitions: docs/scenarios.md.  No IO.
"""
