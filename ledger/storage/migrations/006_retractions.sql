-- Schema 6: retractions.  Taking back a forecast typed by mistake, or a
-- resolution entered by mistake, is a new row here: the record it names stays
-- in history (shown struck through) and is left out of every score and of the
-- current state from the moment the retraction was recorded.

CREATE TABLE retractions (
    id           VARCHAR NOT NULL,
    target       VARCHAR NOT NULL,    -- forecast | resolution
    target_id    VARCHAR NOT NULL,    -- the id of the forecast or resolution taken back
    item_id      VARCHAR NOT NULL,    -- the item that record is about
    analyst      VARCHAR NOT NULL,    -- who took it back
    reason       VARCHAR NOT NULL,
    recorded_at  TIMESTAMP NOT NULL   -- UTC; in force for every as-of from here on
);

-- latest_forecasts leaves retracted forecasts out, so it also keeps count of the
-- retractions it has taken in (NULL on an upgraded ledger: the table is rebuilt).
ALTER TABLE latest_forecasts_marks ADD COLUMN retractions_rows BIGINT;
