"""Where the ledger lives and who the analyst is.

Precedence, highest first: command-line flag, environment variable
(``FLEDGER_DB``, ``FLEDGER_ANALYST``), the config file
(``<user config dir>/fledger/config.toml``: ``db = "..."``, ``analyst = "..."``),
then the defaults (``<user data dir>/fledger/ledger.duckdb``; the login name).
A ``postgresql://`` URI in place of a path names a team ledger (docs/team.md),
whose analyst is always the database login.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from pathlib import Path

from ledger.errors import InvalidValue, LedgerFileError
from ledger.rules import check_name

APP = "fledger"


def config_file() -> Path:
    from platformdirs import user_config_dir

    return Path(os.environ.get("FLEDGER_CONFIG") or Path(user_config_dir(APP)) / "config.toml")


def _config_value(name: str) -> str | None:
    """A text setting from the config file; a missing file has none, anything unreadable or mistyped is an error."""
    path = config_file()
    if not path.exists():
        return None
    if not path.is_file():
        raise LedgerFileError(f"config: {str(path)!r} is not a file; expected a TOML config file (FLEDGER_CONFIG)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LedgerFileError(f"config: cannot read {str(path)!r} ({exc}); expected a TOML file") from None
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise LedgerFileError(
            f'config: {name} in {str(path)!r} is {value!r}; expected text in quotes, like {name} = "..."'
        )
    return value


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP)) / "ledger.duckdb"


def chosen_db(flag: str | None) -> str | None:
    """The ledger the user named (flag, FLEDGER_DB or config), as written: a path or a postgresql:// URI."""
    return flag if flag is not None else (os.environ.get("FLEDGER_DB") or _config_value("db"))


def resolve_db_path(flag: str | None) -> tuple[Path, bool]:
    """(path, is_default).  Only the default location's folder may be created for the user."""
    chosen = chosen_db(flag)
    if chosen is not None:
        return Path(chosen).expanduser(), False
    return default_db_path(), True


def resolve_analyst(flag: str | None) -> str:
    """The analyst's name, checked by the same rule as every stored name (``ledger.rules.check_name``)."""
    name = flag or os.environ.get("FLEDGER_ANALYST") or _config_value("analyst")
    if name and name.strip():
        return check_name("analyst", name)
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = ""
    try:
        return check_name("analyst", login)
    except InvalidValue:
        return "analyst"
