-- Schema 5: where imported records came from, and forecasts another tool says
-- were withdrawn.  Both are history like the rest: rows are only ever added,
-- ids are made by the application, and ledgers merge by id.

-- One row per imported record: the ledger table and id it became, and the tool
-- and that tool's own id for it (a question id, a response id, or for tools that
-- export none, the fields that identify the record there).
CREATE TABLE record_origins (
    id           VARCHAR NOT NULL,   -- derived from (record_table, record_id, tool, tool_id)
    record_table VARCHAR NOT NULL,   -- item_revisions | forecasts | resolutions
    record_id    VARCHAR NOT NULL,   -- item_id, forecast id or resolution id
    tool         VARCHAR NOT NULL,   -- fatebook | predictionbook | metaculus
    tool_id      VARCHAR NOT NULL,
    recorded_at  TIMESTAMP NOT NULL
);

-- A forecast the source tool ended without a successor (Metaculus: withdrawn
-- or expired).  From withdrawn_at on, the forecast no longer stands: an outcome
-- known on or after that day does not score it (docs/scoring.md).
-- The forecast's item, analyst and made_at are repeated so that scoring finds
-- withdrawals from its grouped pairs without reading every forecast's id.
CREATE TABLE forecast_withdrawals (
    id           VARCHAR NOT NULL,
    forecast_id  VARCHAR NOT NULL,
    item_id      VARCHAR NOT NULL,
    analyst      VARCHAR NOT NULL,   -- the forecast's analyst
    made_at      TIMESTAMP NOT NULL, -- the forecast's made_at
    withdrawn_at TIMESTAMP NOT NULL, -- UTC
    recorded_at  TIMESTAMP NOT NULL,
    note         VARCHAR NOT NULL
);
