"""Fatebook's CSV export, as documented by its "Export" button (one row per forecast).

Only the columns below are read; the others (scores, notes, sharing) are ignored.
Mapping to the ledger: docs/interop.md.
"""

QUESTION = "Question title"
OPTION = "Multiple choice option"  # empty for yes/no questions; else each option is its own item
FORECASTER = "Forecast created by"
FORECAST = "Forecast (scale = 0-1)"
FORECAST_AT = "Forecast created at"
AUTHOR = "Question created by"
CREATED_AT = "Question created at"
RESOLVE_BY = "Question resolve by"
RESOLUTION = "Resolution"  # YES | NO | AMBIGUOUS | empty (unresolved)
RESOLVED_AT = "Resolved at"

REQUIRED = (QUESTION, FORECASTER, FORECAST, FORECAST_AT, CREATED_AT, RESOLVE_BY, RESOLUTION, RESOLVED_AT)
OPTIONAL = (OPTION, AUTHOR)
OUTCOMES = {"YES": "yes", "NO": "no", "AMBIGUOUS": "annulled"}
KEY_PREFIX = "fb"
TAG = "fatebook"
