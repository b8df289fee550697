"""What a visiting team is called, the same in the calendar and on paper (docs/glossary.md).

A team is named after its lead: 张伟组. Where the members matter (a lane of
the calendar) the others follow: 张伟组 · 李娜.
"""

from __future__ import annotations

from collections.abc import Sequence


def team_name(lead: str) -> str:
    return f"{lead}组"


def team_title(names: Sequence[str]) -> str:
    """``names`` lead first: the team's name, then the other members."""
    if not names:
        return ""
    return " · ".join([team_name(names[0]), *names[1:]])
