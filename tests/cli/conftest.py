"""Fixtures shared by the CLI tests."""

from __future__ import annotations

import pytest

from tests.support import run_cli


@pytest.fixture
def run():
    """``run(*args)`` calls fledger in this process and returns ``(code, out, err)`` (``tests.support.run_cli``)."""
    return run_cli
