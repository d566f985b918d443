"""Calling the ledger from a thread worker: lock waits become notifications, errors become messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.widget import Widget

from ledger.errors import LedgerError, LockTimeout

T = TypeVar("T")
UI_LOCK_TIMEOUT = 2.0  # seconds one attempt waits for another process's lock
ATTEMPTS = 5


class CallFailed(Exception):
    """Raised in the worker after the user has been told what went wrong."""


def call(widget: Widget, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``fn`` (a ledger method) in the current worker thread; retry while another process holds the file.

    Each refused attempt shows a notification so the screen never looks frozen.
    A ``LedgerError`` is reported to ``widget`` as ``Failed`` and raised as ``CallFailed``.
    """
    from tui.messages import Failed

    app = widget.app
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return fn(*args, **kwargs)
        except LockTimeout as exc:
            if attempt == ATTEMPTS:
                widget.post_message(Failed(str(exc)))
                raise CallFailed(str(exc)) from None
            app.call_from_thread(
                app.notify, f"{exc}. Still trying ({attempt}/{ATTEMPTS - 1})…", title="Ledger busy", severity="warning"
            )
        except LedgerError as exc:
            widget.post_message(Failed(str(exc)))
            raise CallFailed(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - never let a traceback reach the user
            widget.post_message(Failed(f"internal error: {type(exc).__name__}: {exc}"))
            raise CallFailed(str(exc)) from None
    raise AssertionError("unreachable")


def write(widget: Widget, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``call`` for a write command: the app knows the ledger's new state is its own doing, so its watcher
    does not reload the screens a second time (the caller's reload is the one)."""
    from tui.app import FledgerApp

    app = widget.app
    if not isinstance(app, FledgerApp):
        return call(widget, fn, *args, **kwargs)
    app.writing()
    try:
        return call(widget, fn, *args, **kwargs)
    finally:
        app.wrote()
