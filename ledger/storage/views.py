"""Current state as views over append-only history, as SQL fragments.

Each fragment takes the named parameter ``$as_of`` (a UTC timestamp): only
records written on or before it count, which is what ``--as-of`` replays.
"""

CURRENT_ITEMS = """
    SELECT * FROM item_revisions
    WHERE recorded_at <= $as_of
    QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY recorded_at DESC, revision_id DESC) = 1
"""

# The resolution in force: the latest recorded one that was known by then.
CURRENT_RESOLUTIONS = """
    SELECT * FROM resolutions
    WHERE recorded_at <= $as_of AND known_on <= CAST($as_of AS DATE)
    QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY recorded_at DESC, id DESC) = 1
"""
