"""User text made safe for a terminal.

Titles, tags, actors, notes and names come from articles, imports and other
people's ledgers.  Printed raw, an escape sequence in them could recolour the
screen, move the cursor, retitle the window or write the clipboard (OSC 52), and
a carriage return could overprint a line.  Every human-readable output passes
text through ``for_terminal``; JSON output keeps the data exact.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, and the C1 controls (which some terminals treat as ESC + letter)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def for_terminal(text: str, *, one_line: bool = False) -> str:
    """``text`` without control characters (tabs become spaces; newlines too when ``one_line``)."""
    cleaned = _CONTROLS.sub("", text).replace("\t", " ")
    return cleaned.replace("\n", " ") if one_line else cleaned
