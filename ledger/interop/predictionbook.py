"""PredictionBook's API export, as its own code writes it (Api::MyPredictionsController, PredictionSerializer).

``GET /api/my_predictions`` answers ``{"user": {...}, "predictions": [...]}``,
at most 1,000 predictions a page, withdrawn ones never listed.  A file may hold
one such page, a JSON array of pages, or one page per line.  Only the fields
below are read.  Mapping to the ledger: docs/interop.md.
"""

RESPONSE = (
    "STRUCT(comment VARCHAR, confidence DOUBLE, created_at VARCHAR, id VARCHAR, user_id VARCHAR, user_label VARCHAR)"
)
PREDICTION = (
    "STRUCT(id VARCHAR, uuid VARCHAR, description VARCHAR, description_with_group VARCHAR, deadline VARCHAR, "
    f"created_at VARCHAR, creator_label VARCHAR, last_judgement_at VARCHAR, outcome BOOLEAN, withdrawn BOOLEAN, responses {RESPONSE}[])"
)
PAGE = {"user": "JSON", "predictions": f"{PREDICTION}[]"}
KEY_PREFIX = "pb"
TOOL = "predictionbook"
# The export does not say who judged a prediction (anyone may): resolutions are the tool's.
JUDGE = "PredictionBook"
FORM = 'a PredictionBook export: the JSON of GET /api/my_predictions ({"user": ..., "predictions": [...]}; docs/interop.md)'
