"""Team ledgers: a fledger ledger in a PostgreSQL database, reached through DuckDB's postgres extension.

The storage and scoring SQL run unchanged on it: the database is attached to
an in-memory DuckDB and made its default catalog.  What only the server can
do (roles, privileges, triggers) is sent to it in its own dialect.
"""

from ledger.storage.team.location import TeamLocation, is_team_location
from ledger.storage.team.store import TeamStore

__all__ = ["TeamLocation", "TeamStore", "is_team_location"]
