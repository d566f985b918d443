-- Schema 3: each analyst's latest forecast per item, as derived tables
-- (ledger/storage/latest.py).  Not history: made from forecasts and
-- resolutions, refreshed at the end of every write transaction for the rows it
-- added, and built whole at once for a ledger upgraded to this version.

CREATE TABLE latest_forecasts (
    item_id      VARCHAR NOT NULL,
    analyst      VARCHAR NOT NULL,
    probability  DOUBLE,              -- latest forecast made before the outcome was known (NULL: none)
    made_at      TIMESTAMP,           -- when that forecast was made
    n_before     INTEGER NOT NULL,    -- forecasts made before the outcome was known (all, while unresolved)
    n_after      INTEGER NOT NULL,    -- forecasts made on or after that day (late)
    outcome      VARCHAR,             -- the resolution in force: yes | no | annulled, NULL while unresolved
    o            DOUBLE,              -- that outcome as a number: 1 yes, 0 no, NULL otherwise
    known_on     DATE,
    item_no      INTEGER NOT NULL     -- the item's number in latest_item_numbers
);

-- A small integer per forecast item, given once and never changed: scores group
-- and join on it instead of on the 36-character id.
CREATE TABLE latest_item_numbers (
    item_id  VARCHAR NOT NULL,
    item_no  INTEGER NOT NULL
);

-- One row: how many forecast and resolution rows latest_forecasts has taken in.
CREATE TABLE latest_forecasts_marks (
    forecasts_rows    BIGINT NOT NULL,
    resolutions_rows  BIGINT NOT NULL
);
