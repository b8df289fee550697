"""Chinese personal names: pinyin initials for Latin-letter search ("zs" → 张三).

pypinyin loads its phrase dictionary on import (a third of a second), so it is
imported when the first initials are asked for, not by every module that can
store a customer.
"""

from __future__ import annotations

from functools import cache

#: Surnames whose reading differs from the character's common reading.
SURNAME_INITIALS = {
    "单": "s", "曾": "z", "解": "x", "仇": "q", "区": "o", "朴": "p", "查": "z", "乐": "y",
    "覃": "q", "尉": "y", "盖": "g", "缪": "m", "召": "s", "繁": "p", "员": "y", "黑": "h",
    "种": "c", "秘": "b", "燕": "y", "华": "h", "任": "r", "谌": "c", "长孙": "zs",
}


@cache
def _initial(char: str) -> str:
    from pypinyin import Style, lazy_pinyin  # noqa: PLC0415 - see the module's docstring

    letters = lazy_pinyin(char, style=Style.FIRST_LETTER, errors="ignore")
    return letters[0].lower() if letters else ""


def name_initials(name: str) -> str:
    """Lower-case initials; Latin letters in a name are kept as they are."""
    name = "".join(name.split())
    if not name:
        return ""
    head = ""
    if name[:2] in SURNAME_INITIALS:
        head, name = SURNAME_INITIALS[name[:2]], name[2:]
    elif name[0] in SURNAME_INITIALS:
        head, name = SURNAME_INITIALS[name[0]], name[1:]
    rest = "".join(ch.lower() if ch.isascii() else _initial(ch) for ch in name)
    return (head + rest)[:20]
