-- The mark of a fledger ledger.  A DuckDB file without it (and without fledger's
-- own migration log) belongs to someone else and is refused, unless
-- 'fledger init --db FILE' is asked to make an empty one a ledger
-- (docs/decisions.md, "Foreign DuckDB files").  Not exported or fingerprinted.
CREATE TABLE fledger_ledger (
    format      VARCHAR NOT NULL,   -- always 'fledger'
    marked_at   TIMESTAMP NOT NULL  -- UTC, when the file became (or was recognised as) a ledger
);
INSERT INTO fledger_ledger VALUES ('fledger', CAST(now() AS TIMESTAMP));

-- Corrections of rows that break the ledger's rules (written before the rules
-- were enforced, or by another tool).  Append-only: a correction hides the rows
-- of target_table whose target_column equals target_value from every reader;
-- nothing is deleted ('fledger check', docs/reliability.md).
CREATE TABLE row_corrections (
    id            VARCHAR NOT NULL,
    target_table  VARCHAR NOT NULL,
    target_column VARCHAR NOT NULL,
    target_value  VARCHAR NOT NULL,
    action        VARCHAR NOT NULL,   -- hide
    reason        VARCHAR NOT NULL,
    recorded_at   TIMESTAMP NOT NULL,
    recorded_by   VARCHAR NOT NULL
);
