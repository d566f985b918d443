"""A team ledger on a real PostgreSQL: setup, members, what the server refuses, push, export, bad input."""

from __future__ import annotations

import json
import socket
import threading
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from ledger.service import Ledger
from ledger.storage.team.connection import _engine, sql_literal
from ledger.storage.team.extension import INSTALL_LINE
from tests.support import run_cli
from tests.team.pg import server_execute, with_database


def as_login(uri: str, login: str, password: str | None = None) -> str:
    database = uri.split("?", 1)[0].rsplit("/", 1)[1]
    return with_database(uri, database, user=login, password=password)


@pytest.fixture
def alice(team: Ledger, team_db: str, clock) -> Ledger:  # type: ignore[no-untyped-def]
    """Analyst alice's view of the team ledger, with one item the administrator added."""
    team.team_add("alice", lambda: "alice-secret")
    team.add_item("Will it rain?", key="rain")
    return Ledger(as_login(team_db, "alice"), clock=clock)


def test_init_add_list_and_forecast_as_the_login(capsys, team: Ledger, alice: Ledger, team_db: str) -> None:
    assert alice.analyst == "alice"  # the login, not FLEDGER_ANALYST
    alice.forecast("rain", 0.3)
    code, out, err = run_cli("--db", team_db, "team", "list", "--json")
    assert code == 0, err
    members = {m["login"]: m for m in json.loads(out)}
    assert members["alice"]["role"] == "analyst" and members["alice"]["forecasts"] == 1
    assert [m["role"] for m in members.values()].count("administrator") == 1
    code, out, err = run_cli("--db", team_db, "team", "init")
    assert code == 0 and "already current" in out, (out, err)  # idempotent


def _history(uri: str) -> list[tuple]:
    led = Ledger(uri)
    with led._reading() as con:
        return sorted(con.execute("SELECT id, analyst, probability FROM forecasts").fetchall())


def test_server_refuses_other_names_updates_deletes_and_truncates(capsys, alice: Ledger, team_db: str, clock) -> None:
    alice.forecast("rain", 0.3)
    before = _history(team_db)
    as_bob = Ledger(as_login(team_db, "alice"), "bob", clock=clock)
    with pytest.raises(Exception, match="alice may record only as alice, not as bob"):
        as_bob.forecast("rain", 0.9)
    con = _engine().cursor()
    con.execute(f"ATTACH {sql_literal(as_login(team_db, 'alice'))} AS t_alice (TYPE postgres)")
    try:
        for statement in ("UPDATE t_alice.forecasts SET probability = 0.99", "DELETE FROM t_alice.forecasts"):
            with pytest.raises(duckdb.Error, match="permission denied"):
                con.execute(statement)
        with pytest.raises(duckdb.Error, match="permission denied"):
            con.execute("CALL postgres_execute('t_alice', 'TRUNCATE forecasts')")
    finally:
        con.execute("DETACH t_alice")
        con.close()
    # not even the owner may rewrite history: the triggers refuse it
    con = _engine().cursor()
    con.execute(f"ATTACH {sql_literal(team_db)} AS t_owner (TYPE postgres)")
    try:
        for statement in ("UPDATE forecasts SET probability = 0.99", "DELETE FROM forecasts", "TRUNCATE forecasts"):
            with pytest.raises(duckdb.Error, match="append-only"):
                con.execute(f"CALL postgres_execute('t_owner', {sql_literal(statement)})")
    finally:
        con.execute("DETACH t_owner")
        con.close()
    assert _history(team_db) == before
    code, _, err = run_cli("--db", as_login(team_db, "alice"), "--analyst", "bob", "forecast", "rain", "0.5")
    assert code == 2 and "not as bob" in err and err.count("\n") == 1
    assert _history(team_db) == before


def test_push_is_idempotent_and_refuses_other_analysts(capsys, alice: Ledger, team_db: str, tmp_path: Path,
                                                       clock) -> None:  # fmt: skip
    home = tmp_path / "home.duckdb"
    mine = Ledger(home, "alice", clock=clock)
    mine.init(empty=True)
    mine.add_item("Will it snow?", key="snow")
    mine.forecast("snow", 0.2)
    mine.forecast("snow", 0.25)
    code, out, err = run_cli("--db", as_login(team_db, "alice"), "team", "push", str(home))
    assert code == 0, err
    assert "forecasts 2" in out and "item_revisions 1" in out
    code, out, _ = run_cli("--db", as_login(team_db, "alice"), "team", "push", str(home))
    assert code == 0 and "pushed 0 new records" in out
    # a file holding someone else's forecast: refused for alice, whole push, nothing written
    Ledger(home, "bob", clock=clock).forecast("snow", 0.6)
    before = _history(team_db)
    code, _, err = run_cli("--db", as_login(team_db, "alice"), "team", "push", str(home))
    assert code == 2 and "not as bob" in err
    assert _history(team_db) == before
    code, out, err = run_cli("--db", team_db, "team", "push", str(home))  # the administrator may
    assert code == 0 and "forecasts 1" in out, err


def test_export_from_team_reproduces_it_in_a_file(capsys, alice: Ledger, team_db: str, tmp_path: Path) -> None:
    alice.forecast("rain", 0.3)
    alice.resolve("rain", "yes", known_on=date(2025, 5, 1))
    dump = tmp_path / "team.jsonl"
    code, _, err = run_cli("--db", team_db, "export", str(dump))
    assert code == 0, err
    home = Ledger(tmp_path / "home.duckdb")
    home.import_jsonl(dump)
    assert home.fingerprint() == Ledger(team_db).fingerprint()
    assert home.score(by="analyst").groups[0].brier == Ledger(team_db).score(by="analyst").groups[0].brier


def test_other_analysts_writes_change_the_marker(alice: Ledger, team: Ledger) -> None:
    # The marker is the server's snapshot, so a write in another database on the same server (other test
    # processes share it) moves it too; reading must leave it still in at least one of a few tries.
    for _ in range(5):
        marker = alice.change_marker()
        if alice.change_marker() == marker:  # reading changes nothing
            break
    else:
        pytest.fail("the change marker moved on every read")
    team.forecast("rain", 0.5)
    assert alice.change_marker() != marker


# --- bad input: one line, exit 2 (3 for a server that does not answer in time), nothing written ----------


def test_not_a_ledger_and_a_newer_schema(capsys, pg_admin: str, team_db: str, team: Ledger) -> None:
    other = with_database(pg_admin, "postgres")
    code, _, err = run_cli("--db", other, "list")
    assert code == 2 and "is not a fledger ledger" in err and "team init" in err and err.count("\n") == 1
    server_execute(team_db, "INSERT INTO schema_migrations VALUES (99, '099_future.sql', now())")
    code, _, err = run_cli("--db", team_db, "forecast", "x", "0.5")
    from ledger.storage.migrations import migration_scripts

    assert code == 2 and f"schema version {len(migration_scripts()) + 1}" in err and "upgrade fledger" in err


def test_unreachable_server_and_missing_database(capsys, tmp_path: Path, pg_admin: str) -> None:
    code, _, err = run_cli("--db", f"postgresql://nobody@/x?host={tmp_path}", "list")
    assert code == 2 and "cannot reach the server" in err and err.count("\n") == 1
    code, _, err = run_cli("--db", with_database(pg_admin, "no_such_db"), "list")
    assert code == 2 and "does not exist" in err


def test_a_server_that_does_not_answer_is_exit_3(capsys) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the TCP connection, never says a word
    port = listener.getsockname()[1]
    try:
        code, _, err = run_cli("--db", f"postgresql://a@127.0.0.1:{port}/x?connect_timeout=2", "list")
    finally:
        listener.close()
    assert code == 3 and "did not answer in time" in err


def test_wrong_password_is_refused_and_never_shown(capsys, team: Ledger, team_db: str, pg_admin: str) -> None:
    team.team_add("carol", lambda: "right-horse-battery")
    hba = _hba_file(pg_admin)
    if hba is None:
        pytest.skip("FLEDGER_TEST_PG server: cannot switch it to password logins")
    original = hba.read_text()
    hba.write_text("local all carol scram-sha-256\n" + original)
    server_execute(pg_admin, "SELECT pg_reload_conf()")
    try:
        bad = as_login(team_db, "carol", "wrong-staple")
        code, out, err = run_cli("--db", bad, "list", "--json")
        assert code == 2 and "refused the login of carol" in err and err.count("\n") == 1
        assert "wrong-staple" not in out + err and "***" in err
        good = as_login(team_db, "carol", "right-horse-battery")
        code, out, err = run_cli("--db", good, "score", "--json")
        assert code == 0, err
        assert "right-horse-battery" not in out + err
    finally:
        hba.write_text(original)
        server_execute(pg_admin, "SELECT pg_reload_conf()")


def _hba_file(pg_admin: str) -> Path | None:
    host = (
        dict(p.split("=", 1) for p in pg_admin.split("?", 1)[1].split("&")).get("host", "") if "?" in pg_admin else ""
    )
    path = Path(host) / "pg_hba.conf"
    return path if host and path.exists() else None


def test_password_comes_from_a_file_or_a_prompt_never_the_command_line(capsys, team_db: str, team: Ledger,
                                                                       tmp_path: Path) -> None:  # fmt: skip
    secret = tmp_path / "pw"
    secret.write_text("s3cret-pass\n")
    code, out, err = run_cli("--db", team_db, "team", "add", "dave", "--password-file", str(secret))
    assert code == 0 and "added dave" in out and "s3cret" not in out + err
    code, _, err = run_cli("--db", team_db, "team", "add", "erin")  # no terminal, no file
    assert code == 2 and "--password-file" in err
    code, _, err = run_cli("--db", team_db, "team", "add", "bad name;", "--password-file", str(secret))
    assert code == 2 and "name:" in err


def test_missing_extension_names_the_install_line(monkeypatch) -> None:
    from ledger.storage.team import extension

    monkeypatch.setattr(extension.duckdb, "__version__", "9.9.9")
    with pytest.raises(Exception) as caught:
        extension.extension_file()
    assert INSTALL_LINE in str(caught.value) and "9.9.9" in str(caught.value)


LATEST_COLUMNS = "item_id, analyst, probability, made_at, n_before, n_after, outcome, o, known_on"


def _stored_latest(led: Ledger) -> list[tuple]:
    with led._reading() as con:
        return sorted(con.execute(f"SELECT {LATEST_COLUMNS} FROM latest_forecasts").fetchall())


def test_concurrent_writers_all_land_and_the_server_table_equals_a_file_ledgers(team: Ledger, team_db: str,
                                                                                 tmp_path: Path) -> None:  # fmt: skip
    for name in ("w1", "w2", "w3"):
        team.team_add(name, lambda: "pw")
    for key in ("rain", "snow", "hail"):
        team.add_item(f"Will it {key}?", key=key)
    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            led = Ledger(as_login(team_db, name))
            for n in range(5):
                led.forecast(("rain", "snow", "hail")[n % 3], (n + 1) / 20, made_at=datetime(2025, 4, 1 + n, 12))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    def resolve() -> None:  # resolutions touch every analyst's pair on an item, while they write
        try:
            led = Ledger(team_db)
            led.resolve("rain", "yes", known_on=date(2025, 4, 3))
            led.resolve("snow", "no", known_on=date(2025, 4, 5))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in ("w1", "w2", "w3")]
    threads.append(threading.Thread(target=resolve))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(_history(team_db)) == 15
    # The table the server kept equals the one a file ledger derives from the same records,
    # and the scores agree, whatever order the writers' transactions and refreshes ran in.
    dump = tmp_path / "team.jsonl"
    team.export_jsonl(dump)
    home = Ledger(tmp_path / "home.duckdb")
    home.import_jsonl(dump)
    with home._reading() as con:
        derived_at_home = sorted(con.execute(f"SELECT {LATEST_COLUMNS} FROM latest_forecasts").fetchall())
    assert _stored_latest(team) == derived_at_home and len(derived_at_home) == 9
    from ledger.storage import latest

    with team._reading() as con:
        assert latest.usable(con, datetime(9999, 1, 1))  # scoring reads the server's table
    a, b = team.score(by="analyst", crowd="median"), home.score(by="analyst", crowd="median")
    assert [(g.group, g.n_forecasts, g.n_late) for g in a.groups] == [
        (g.group, g.n_forecasts, g.n_late) for g in b.groups
    ]
    for x, y in zip(a.groups, b.groups, strict=True):
        assert (x.brier is None and y.brier is None) or abs(x.brier - y.brier) <= 1e-12


def test_analysts_cannot_write_the_derived_tables(alice: Ledger, team_db: str) -> None:
    alice.forecast("rain", 0.3)
    before = _stored_latest(alice)
    con = _engine().cursor()
    con.execute(f"ATTACH {sql_literal(as_login(team_db, 'alice'))} AS t_derived (TYPE postgres)")
    try:
        for statement in (
            "INSERT INTO latest_forecasts VALUES ('x', 'alice', 0.9, NULL, 1, 0, NULL, NULL, NULL, 1)",
            "UPDATE latest_forecasts SET probability = 0.99",
            "DELETE FROM latest_forecasts",
            "DELETE FROM latest_item_numbers",
            "INSERT INTO _fledger_latest_pending VALUES ('x', NULL)",
            "DELETE FROM _fledger_latest_pending",
            "UPDATE _fledger_latest_state SET built = FALSE",
            "SELECT fledger_latest_rebuild()",
            "SELECT fledger_latest_store(NULL, '{}', '{}', '{}')",
        ):
            with pytest.raises(duckdb.Error, match="permission denied"):
                con.execute(f"CALL postgres_execute('t_derived', {sql_literal(statement)})")
        # the refresh is theirs to call: it only derives from the history
        con.execute(
            "CALL postgres_execute('t_derived', 'BEGIN ISOLATION LEVEL READ COMMITTED; "
            "SELECT fledger_latest_refresh(); COMMIT', use_transaction=false)"
        )
    finally:
        con.execute("DETACH t_derived")
        con.close()
    assert _stored_latest(alice) == before and before[0][2] == 0.3


def test_team_init_brings_a_ledger_from_before_the_server_table_up(capsys, alice: Ledger, team: Ledger,
                                                                  team_db: str) -> None:  # fmt: skip
    alice.forecast("rain", 0.3)
    alice.forecast("rain", 0.35)
    # What 'team init' left before the server kept the table: no notes, no refresh, an empty table.
    server_execute(
        team_db,
        """DROP TABLE _fledger_team_migrations, _fledger_latest_pending, _fledger_latest_state;
           DROP FUNCTION fledger_latest_note_pairs() CASCADE; DROP FUNCTION fledger_latest_note_items() CASCADE;
           DROP FUNCTION fledger_latest_refresh(); DROP FUNCTION fledger_latest_rebuild();
           DROP FUNCTION fledger_latest_store(text[], text[], text[], text[]);
           DROP FUNCTION fledger_latest_rows(text[], text[], text[], text[]);
           DELETE FROM latest_forecasts; DELETE FROM latest_item_numbers""",
    )
    from ledger.storage.migrations import migration_scripts

    known = len(migration_scripts())
    code, _, err = run_cli("--db", as_login(team_db, "alice"), "forecast", "rain", "0.4")
    assert code == 2 and "team schema version 0" in err and "team init" in err and err.count("\n") == 1
    code, out, err = run_cli("--db", team_db, "team", "init")
    assert code == 0 and f"schema version {known} -> {known + 1}" in out, (out, err)
    alice.forecast("rain", 0.4)
    assert [(r[1], r[2], r[4]) for r in _stored_latest(alice)] == [("alice", 0.4, 3)]
    code, out, err = run_cli("--db", team_db, "team", "init")
    assert code == 0 and "already current" in out
    # a ledger of a newer team schema is refused untouched
    server_execute(team_db, "INSERT INTO _fledger_team_migrations VALUES (99, '099_future', now())")
    code, _, err = run_cli("--db", as_login(team_db, "alice"), "forecast", "rain", "0.5")
    assert code == 2 and "team schema version 2" in err and "upgrade fledger" in err


def test_a_password_in_the_uri_never_shows(capsys, alice: Ledger, team_db: str, tmp_path: Path) -> None:
    """Output, --json, reports, bundles and errors show the URI with the password masked."""
    alice.forecast("rain", 0.3)
    uri = as_login(team_db, "alice", "pw-in-the-uri")
    shown = []
    for args in (("score", "--json"), ("list", "--json"), ("report", "-o", str(tmp_path / "r.html")),
                 ("report", "--bundle", str(tmp_path / "bundle")), ("forecast", "no-such-item", "0.5"),
                 ("team", "list")):  # fmt: skip
        code, out, err = run_cli("--db", uri, *args)
        assert code in (0, 2), (args, err)
        shown.append(out + err)
    shown += [p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file()]
    assert not any("pw-in-the-uri" in text for text in shown)
    code, _, err = run_cli("--db", uri.replace("/fledger_test", "/missing_db_"), "list")
    assert code == 2 and "pw-in-the-uri" not in err and "***" in err


def test_the_extension_signature_is_checked_again_when_the_file_changes(monkeypatch, tmp_path: Path) -> None:
    from ledger.storage.team import extension

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fake = tmp_path / "postgres_scanner.duckdb_extension"
    fake.write_bytes(b"x" * 10)
    assert not extension.already_checked(fake)
    extension.remember_checked(fake)
    assert extension.already_checked(fake)
    fake.write_bytes(b"y" * 11)
    assert not extension.already_checked(fake)


def test_fledger_db_names_a_team_ledger_and_analysts_cannot_administer(capsys, monkeypatch, alice: Ledger,
                                                                       team_db: str, tmp_path: Path) -> None:  # fmt: skip
    monkeypatch.setenv("FLEDGER_DB", as_login(team_db, "alice"))
    code, out, err = run_cli("forecast", "rain", "0.4")
    assert code == 0 and "alice 40%" in out, err
    secret = tmp_path / "pw"
    secret.write_text("x\n")
    code, _, err = run_cli("team", "add", "mallory", "--password-file", str(secret))
    assert code == 2 and "only the team's administrator" in err
    code, _, err = run_cli("--db", str(tmp_path / "file.duckdb"), "team", "list")
    assert code == 2 and "postgresql://" in err
