"""Clean text once, where it enters the store: no NUL (Postgres refuses it) and no other control characters.

Line breaks and tabs are kept (a definition may have them); `\r\n` and `\r` become `\n`. Everything else is kept
as typed: escaping for Slack happens when it is shown, never here.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
