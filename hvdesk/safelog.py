"""Logging a failure without personal data: its type and where it happened, never its text.

An exception's message can quote what it was about: a database error prints the
statement's parameters (a name, an address, a number), a validation error the
value it refused. Logs leave the desk (support mails, shared folders), so a
failure is logged by type and frames only; the user saw the message on screen.
"""

from __future__ import annotations

import logging
import traceback


def failure(log: logging.Logger, what: str, exc: BaseException) -> None:
    """``log.error`` of ``what`` failing with ``exc``: type names and frames, no messages."""
    parts: list[str] = []
    seen: BaseException | None = exc
    while seen is not None and len(parts) < 5:
        frames = "".join(traceback.format_tb(seen.__traceback__)).rstrip()
        parts.append(f"{type(seen).__name__}\n{frames}" if frames else type(seen).__name__)
        seen = seen.__cause__ or seen.__context__
    log.error("%s: %s", what, "\ncaused by ".join(parts))
