"""Current state as views over append-only history, as SQL fragments.

Each fragment takes the named parameter ``$as_of`` (a UTC timestamp): only
records written on or before it count, which is what ``--as-of`` replays.
The ``*_among`` forms narrow to some items *before* picking the latest row,
which is what keeps a question about a few items fast on a large ledger.
"""


def current_items_among(condition: str = "TRUE") -> str:
    """The latest revision of each item whose rows meet ``condition`` (a fixed SQL boolean, no values)."""
    only = f"AND ({condition})"
    return f"""
    SELECT * FROM item_revisions
    WHERE recorded_at <= $as_of {only}
    QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY recorded_at DESC, revision_id DESC) = 1
"""


def retracted_ids(target: str) -> str:
    """The ids of the ``target`` records (forecast | resolution) taken back by ``$as_of``."""
    assert target in ("forecast", "resolution"), target
    return f"(SELECT target_id FROM retractions WHERE target = '{target}' AND recorded_at <= $as_of)"


def not_retracted(target: str, alias: str = "") -> str:
    """A condition on a forecast or resolution row: it had not been taken back by ``$as_of``."""
    return f"{alias}id NOT IN {retracted_ids(target)}"


def current_resolutions_among(condition: str = "TRUE") -> str:
    """The resolution in force: the latest recorded one that was known by then and not retracted
    (of rows meeting ``condition``).  Retracting the one in force brings back the one before it, if any."""
    only = f"AND ({condition})"
    return f"""
    SELECT * FROM resolutions
    WHERE recorded_at <= $as_of AND known_on <= CAST($as_of AS DATE) {only} AND {not_retracted("resolution")}
    QUALIFY row_number() OVER (PARTITION BY item_id ORDER BY recorded_at DESC, id DESC) = 1
"""


CURRENT_ITEMS = current_items_among()
CURRENT_RESOLUTIONS = current_resolutions_among()
