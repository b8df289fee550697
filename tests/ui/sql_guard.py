"""Fails a UI test when application code runs SQL on the GUI thread.

An engine event hook (every engine in the process) looks at the thread and at
the stack: a statement on the main thread with a frame from ``ui/`` in it is
the UI doing database work where the user waits. Test code preparing data on
the main thread has no ``ui/`` frame and passes. Reads and writes belong on an
``Op`` worker; results come back to the GUI thread as plain values.

``HVDESK_GUI_SQL=warn`` only collects, printed at the end;
the default, ``fail``, fails the test that ran it.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

UI_ROOT = str(Path(__file__).resolve().parents[2] / "ui") + os.sep
MODE = os.environ.get("HVDESK_GUI_SQL", "fail")

#: This test's statements: innermost ``ui/`` frame (file:line function) → count.
current: Counter[str] = Counter()
#: Every test's, for the warn-mode summary.
everything: Counter[str] = Counter()


def _where() -> str | None:
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(UI_ROOT):
            return f"ui/{name[len(UI_ROOT):]}:{frame.f_lineno} {frame.f_code.co_name}"
        frame = frame.f_back  # type: ignore[assignment]
    return None


def _before_execute(*_args: Any) -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    where = _where()
    if where is not None:
        current[where] += 1
        everything[where] += 1


_installed = False


def install() -> None:
    global _installed
    if not _installed:
        event.listen(Engine, "before_cursor_execute", _before_execute)
        _installed = True
