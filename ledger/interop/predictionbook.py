"""PredictionBook's JSON export (its API's prediction objects, each with its responses).

A file is a JSON array of predictions, or one prediction per line.  Only the
fields below are read.  Mapping to the ledger: docs/interop.md.
"""

PREDICTION_FIELDS = {
    "id": "VARCHAR", "uuid": "VARCHAR", "description": "VARCHAR", "deadline": "VARCHAR", "created_at": "VARCHAR",
    "updated_at": "VARCHAR", "creator_id": "VARCHAR", "withdrawn": "BOOLEAN", "outcome": "BOOLEAN",
    "responses": "STRUCT(id VARCHAR, confidence DOUBLE, created_at VARCHAR, user_id VARCHAR, user_label VARCHAR, "
                 "comment VARCHAR)[]",
}  # fmt: skip
KEY_PREFIX = "pb"
TAG = "predictionbook"
