-- Schema 1: the core ledger.  Every table is append-only history; "current
-- state" is a view over it.  No sequences and no database-enforced keys, so the
-- same schema runs on DuckLake with a shared catalog and ledgers merge by UUID.

CREATE TABLE sources (
    id              VARCHAR NOT NULL,   -- UUID made by the application
    title           VARCHAR NOT NULL,
    publisher       VARCHAR NOT NULL,
    url             VARCHAR NOT NULL,
    published_on    DATE,
    published_note  VARCHAR NOT NULL,   -- how the publication date was determined
    text            VARCHAR NOT NULL,   -- full article text, '' if not kept
    text_sha256     VARCHAR NOT NULL,
    recorded_at     TIMESTAMP NOT NULL  -- UTC
);

CREATE TABLE item_revisions (
    revision_id          VARCHAR NOT NULL,
    item_id              VARCHAR NOT NULL,
    key                  VARCHAR NOT NULL,
    title                VARCHAR NOT NULL,
    statement            VARCHAR NOT NULL,
    actors               VARCHAR[] NOT NULL,
    quote                VARCHAR NOT NULL,
    criteria             VARCHAR NOT NULL,
    tags                 VARCHAR[] NOT NULL,
    kind                 VARCHAR NOT NULL,  -- commitment | question
    source_id            VARCHAR,
    deadline_earliest    DATE,
    deadline_latest      DATE,
    deadline_precision   VARCHAR,
    deadline_phrase      VARCHAR,
    deadline_rule        VARCHAR,
    deadline_confidence  DOUBLE,
    created_at           TIMESTAMP NOT NULL, -- UTC, when the item first entered the ledger
    recorded_at          TIMESTAMP NOT NULL, -- UTC, when this revision was written
    recorded_by          VARCHAR NOT NULL
);

CREATE TABLE forecasts (
    id           VARCHAR NOT NULL,
    item_id      VARCHAR NOT NULL,
    analyst      VARCHAR NOT NULL,
    probability  DOUBLE NOT NULL,
    made_at      TIMESTAMP NOT NULL,  -- UTC, when the forecast was made
    recorded_at  TIMESTAMP NOT NULL,  -- UTC, when it was written here
    note         VARCHAR NOT NULL
);

CREATE TABLE resolutions (
    id           VARCHAR NOT NULL,
    item_id      VARCHAR NOT NULL,
    outcome      VARCHAR NOT NULL,    -- yes | no | annulled
    known_on     DATE NOT NULL,       -- the day the outcome became known
    recorded_at  TIMESTAMP NOT NULL,
    analyst      VARCHAR NOT NULL,
    evidence     VARCHAR NOT NULL,
    supersedes   VARCHAR              -- the resolution this one corrects
);
