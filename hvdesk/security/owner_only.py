"""Files that hold personal data are readable by their owner only.

On a local SQLite desk the operating-system account is the trust boundary:
the database file, full exports, import error workbooks and SMS outbox files
get mode 0600 on POSIX. On Windows ``os.chmod`` only sets the read-only flag,
so there the per-user ACL of the profile folder (where hvdesk keeps its data
by default) protects them; files written elsewhere inherit that folder's ACL.
"""

from __future__ import annotations

import os
from pathlib import Path

OWNER_ONLY = 0o600


def prepare(path: Path) -> None:
    """Before writing ``path``: create it empty as owner-only, or narrow it if it exists.

    Writers that open the path themselves (openpyxl, SQLite) then keep the
    mode, so there is no moment at which the file is readable by others.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        restrict(path)
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, OWNER_ONLY)
    os.close(fd)
    restrict(path)  # umask cannot widen 0600, but a pre-existing race can


def restrict(path: Path) -> None:
    """Owner read/write only (POSIX); on Windows this keeps the file writable."""
    os.chmod(path, OWNER_ONLY)


def open_for_writing(path: Path) -> int:
    """A new file descriptor on ``path`` created owner-only (truncating it)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                 OWNER_ONLY)
    restrict(path)
    return fd
