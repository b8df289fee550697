"""PySide6 6.12.0 on Python 3.11 aborts after thousands of None-returning calls.

See docs/tech-notes.md ("PySide6 6.12.0 crashes on Python 3.11"): each call
lowers None's refcount until CPython dies with ``Fatal Python error:
none_dealloc``; None is immortal from Python 3.12 on.
"""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import PySide6

BAD_VERSION = "6.12.0"

SCRIPT = """
from PySide6.QtCore import QObject
o = QObject()
for _ in range(20_000):
    o.setObjectName("x")
print("survived")
"""


def test_none_returning_calls_do_not_crash() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "survived"


def test_the_broken_release_is_not_installed_on_old_python() -> None:
    if sys.version_info < (3, 12):
        assert PySide6.__version__ != BAD_VERSION
        assert version("shiboken6") != BAD_VERSION
