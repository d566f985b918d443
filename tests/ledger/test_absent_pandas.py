"""Where pandas is not installed, asking for it fails at once, the same way, and nothing else changes."""

from __future__ import annotations

import sys

import pytest

from ledger.storage import absent_pandas

pytestmark = pytest.mark.skipif(
    not any(isinstance(f, absent_pandas._PandasIsAbsent) for f in sys.meta_path),
    reason="pandas is installed here, so the storage layer installed no finder",
)


def test_pandas_is_not_found_without_a_search_and_other_modules_are_untouched() -> None:
    finders = [f for f in sys.meta_path if isinstance(f, absent_pandas._PandasIsAbsent)]
    assert len(finders) == 1  # installed once, by the storage layer, however often it is asked
    absent_pandas.answer_quickly()
    assert len([f for f in sys.meta_path if isinstance(f, absent_pandas._PandasIsAbsent)]) == 1
    with pytest.raises(ModuleNotFoundError) as missing:
        import pandas  # noqa: F401
    assert missing.value.name == "pandas" and "pandas" not in sys.modules
    assert finders[0].find_spec("pandas_extra") is None and finders[0].find_spec("json") is None
    with pytest.raises(ModuleNotFoundError):
        finders[0].find_spec("pandas")
