"""Fatebook's CSV exports, as its own code writes them (lib/web/export.ts, lib/web/tournament_router.ts).

One row per forecast.  Text is always quoted (``""`` inside), null prints as an
empty field, timestamps are ``YYYY-MM-DD HH:MM:S`` in server time (seconds not
padded, no offset).  Shapes: the personal export since January 2025 (with
"Question tags"), since September 2024 (multiple-choice "Resolution" and
"Resolved at" per option), before that (``OLD_NAMES``), and a tournament's
export ("Tournament name", no scores, sharing, comments or tags).  Mapping to
the ledger: docs/interop.md.
"""

QUESTION = "Question title"
OPTION = "Multiple choice option"
FORECASTER = "Forecast created by"
FORECAST = "Forecast (scale = 0-1)"
FORECAST_AT = "Forecast created at"
AUTHOR = "Question created by"
CREATED_AT = "Question created at"
RESOLVE_BY = "Question resolve by"
RESOLUTION = "Resolution"  # YES | NO | AMBIGUOUS | empty (unresolved)
RESOLVED_AT = "Resolved at"
TAGS = "Question tags"  # the exporter's own tags, joined with "; "
TOURNAMENT = "Tournament name"

# Before September 2024 the question's own resolution columns had these names.
OLD_NAMES = {"Question resolution": RESOLUTION, "Question resolved at": RESOLVED_AT}

REQUIRED = (QUESTION, FORECASTER, FORECAST, FORECAST_AT, AUTHOR, CREATED_AT, RESOLVE_BY, RESOLUTION, RESOLVED_AT)
OPTIONAL = (OPTION, TAGS, TOURNAMENT)
OUTCOMES = {"YES": "yes", "NO": "no", "AMBIGUOUS": "annulled"}

# Users who signed in by email have no name; the export cannot tell them apart.
NAMELESS = "unnamed Fatebook user"
KEY_PREFIX = "fb"
TOOL = "fatebook"
FORM = "a Fatebook CSV export (its 'Export all your forecasts' or a tournament's export; docs/interop.md)"
