"""The scenario, actors and commitment commands as a user types them."""

import json

import pytest

from tests.support import run_cli

SET = "ru-cn-ai-depth-2026"


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FLEDGER_ANALYST", "ana")
    db = str(tmp_path / "ledger.duckdb")

    def invoke(*args):
        return run_cli("--db", db, *args)

    return invoke


def test_scenario_forecast_show_and_errors(run):
    code, out, _ = run("scenario", "forecast", SET, "20%", "50%", "30%")
    assert code == 0 and "deep-integration 20%  symbolic-cooperation 50%  stalled 30%" in out
    code, _, err = run("scenario", "forecast", SET, "0.2", "0.5", "0.4")
    assert code == 2 and "sum to 1.1" in err and "Traceback" not in err
    code, _, err = run("scenario", "forecast", SET, "0.2", "0.5", "0.302")
    assert code == 0 and "rescaled" in err
    code, out, _ = run("scenario", "show", SET)
    assert "sber-china-joint-rd" in out and "supports deep-integration LR 2.5" in out
    code, out, _ = run("scenario", "show", SET, "--json")
    assert json.loads(out)["set"]["key"] == SET


def test_signpost_update_offered_after_a_signpost_resolves(run):
    run("scenario", "forecast", SET, "0.2", "0.5", "0.3")
    run("resolve", "sber-china-ai-report", "yes")
    code, out, _ = run("scenario", "show", SET)
    assert "signpost update since your forecast" in out and "stalled 22.2%" in out
    code, out, _ = run("scenario", "accept", SET)
    assert code == 0 and "accepted signpost update" in out


def test_export_then_load_round_trips(run, tmp_path):
    path = tmp_path / "out.toml"
    assert run("scenario", "export", "-o", str(path))[0] == 0
    code, out, _ = run("scenario", "load", str(path))
    assert code == 0 and "0 sets added, 0 revised, 0 signposts added" in out


def test_commitment_close_and_base_rate_lines(run):
    assert run("item", "status", "sber-china-ai-report", "in-progress", "--on", "2025-02-01")[0] == 0
    assert run("item", "slip", "sber-china-ai-report", "2025-06", "--on", "2025-04-20")[0] == 0
    code, out, _ = run("item", "close", "sber-china-ai-report", "kept", "--on", "2025-06-15")
    assert code == 0 and "resolved yes" in out
    code, _, err = run("item", "status", "sber-china-ai-report", "stalled")
    assert code == 2 and "already resolved" in err
    code, out, _ = run("show", "sber-china-ai-report")
    assert "original deadline Apr 2025" in out and "base rate  Sberbank: kept 0 of 1 on time" in out
    code, out, _ = run("forecast", "sber-china-joint-rd", "40%")
    assert "base rate: Sberbank: kept 0 of 1 on time" in out
    code, out, _ = run("actors", "--json")
    sber = next(r for r in json.loads(out) if r["name"] == "Sberbank")
    assert (sber["tracked"], sber["kept_late"], sber["median_slip_days"]) == (1, 1, 46)
    code, out, _ = run("item", "ladder", "sber-china-ai-report", "--offsets", "0,30")
    assert "sber-china-ai-report-plus-30d" in out
