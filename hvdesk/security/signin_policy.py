"""Every sign-in limit in one place (no imports: the CLI's parser reads it for --help)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SignInPolicy:
    """Every sign-in limit in one place."""

    #: Wrong passwords in a row that lock the login …
    max_failures: int = 5
    #: … for this long.
    lock_minutes: int = 15
    #: Lifetime of a ``hvdesk login`` session.
    session_hours: int = 8
    #: Default idle time before the desktop app locks its window.
    idle_lock_minutes: int = 10


POLICY = SignInPolicy()
