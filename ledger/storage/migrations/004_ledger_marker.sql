-- The mark of a fledger ledger.  A DuckDB file without it (and without fledger's
-- own migration log) belongs to someone else and is refused, unless
-- 'fledger init --db FILE' is asked to make an empty one a ledger
-- (docs/decisions.md, "Foreign DuckDB files").  Not exported or fingerprinted.
CREATE TABLE fledger_ledger (
    format      VARCHAR NOT NULL,   -- always 'fledger'
    marked_at   TIMESTAMP NOT NULL  -- UTC, when the file became (or was recognised as) a ledger
);
INSERT INTO fledger_ledger VALUES ('fledger', CAST(now() AS TIMESTAMP));
