-- Schema 2: scenario tracking.  Scenario sets (append-only revisions) with their
-- outcomes, scenario forecasts and resolutions, signpost links between items and
-- scenario outcomes, and item events (commitment status changes and deadline
-- slips).  Same rules as schema 1: history only, application-made UUIDs, no
-- sequences and no database-enforced keys.

CREATE TABLE scenario_set_revisions (
    revision_id      VARCHAR NOT NULL,
    set_id           VARCHAR NOT NULL,
    key              VARCHAR NOT NULL,
    question         VARCHAR NOT NULL,
    criteria         VARCHAR NOT NULL,
    tags             VARCHAR[] NOT NULL,
    close_earliest   DATE,
    close_latest     DATE,
    close_precision  VARCHAR,
    close_phrase     VARCHAR,
    close_rule       VARCHAR,
    close_confidence DOUBLE,
    created_at       TIMESTAMP NOT NULL,  -- UTC, when the set first entered the ledger
    recorded_at      TIMESTAMP NOT NULL,  -- UTC, when this revision was written
    recorded_by      VARCHAR NOT NULL
);

-- The outcomes as one revision of a set lists them; outcome ids stay the same
-- across revisions so forecasts and signposts keep pointing at them.
CREATE TABLE scenario_outcomes (
    set_revision_id  VARCHAR NOT NULL,
    set_id           VARCHAR NOT NULL,
    outcome_id       VARCHAR NOT NULL,
    position         INTEGER NOT NULL,    -- 1-based order within the set
    key              VARCHAR NOT NULL,
    label            VARCHAR NOT NULL,
    description      VARCHAR NOT NULL
);

-- One row per (forecast, outcome): a forecast's vector is the rows sharing its id.
CREATE TABLE scenario_forecasts (
    id           VARCHAR NOT NULL,        -- the forecast (shared by its rows)
    set_id       VARCHAR NOT NULL,
    outcome_id   VARCHAR NOT NULL,
    probability  DOUBLE NOT NULL,
    analyst      VARCHAR NOT NULL,
    made_at      TIMESTAMP NOT NULL,
    recorded_at  TIMESTAMP NOT NULL,
    note         VARCHAR NOT NULL
);

CREATE TABLE scenario_resolutions (
    id           VARCHAR NOT NULL,
    set_id       VARCHAR NOT NULL,
    outcome_id   VARCHAR,                 -- NULL: the set was annulled
    known_on     DATE NOT NULL,
    recorded_at  TIMESTAMP NOT NULL,
    analyst      VARCHAR NOT NULL,
    evidence     VARCHAR NOT NULL,
    supersedes   VARCHAR                  -- the resolution this one corrects
);

-- The link in force for (item, set, outcome) is the latest row; an unlink is a
-- row with active = false.
CREATE TABLE signpost_links (
    id                VARCHAR NOT NULL,
    item_id           VARCHAR NOT NULL,
    set_id            VARCHAR NOT NULL,
    outcome_id        VARCHAR NOT NULL,
    direction         VARCHAR NOT NULL,   -- supports | undermines
    likelihood_ratio  DOUBLE,             -- >= 1; how strongly a YES points that way
    active            BOOLEAN NOT NULL,
    note              VARCHAR NOT NULL,
    recorded_at       TIMESTAMP NOT NULL,
    recorded_by       VARCHAR NOT NULL
);

CREATE TABLE item_events (
    id                  VARCHAR NOT NULL,
    item_id             VARCHAR NOT NULL,
    kind                VARCHAR NOT NULL, -- status | slip
    status              VARCHAR,          -- for kind = status
    new_earliest        DATE,             -- for kind = slip: the new deadline window
    new_latest          DATE,
    new_precision       VARCHAR,
    new_phrase          VARCHAR,
    on_date             DATE NOT NULL,    -- the day the change happened
    evidence            VARCHAR NOT NULL,
    analyst             VARCHAR NOT NULL,
    recorded_at         TIMESTAMP NOT NULL
);
