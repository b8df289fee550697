"""Messages from the core as codes with parameters, put into words at the edge.

The core raises ``ValidationError(field, msg("idcard.check", "check character
should be {expected}", expected="X"))``: a code, the English wording (what
``str()`` gives: logs, tests) and the parameters. The Qt shell and the CLI
render it in the user's language with :func:`render` — Simplified Chinese by
default, English second (issue 16: import rejections and CLI errors were
English in a Chinese app). The Chinese wording lives in :data:`ZH`
(hvdesk/messages_zh.py), one entry per code; tests/test_messages.py checks
every code the core uses has one with the same parameters.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hvdesk.messages_zh import TERMS, ZH

__all__ = ["TERMS", "ZH", "Msg", "cli_language", "is_english", "msg", "render"]

DEFAULT_LANGUAGE = "zh_CN"
#: The CLI's language: ``en`` for English, anything else (or unset) Chinese.
ENV_LANGUAGE = "HVDESK_LANG"


@dataclass(frozen=True, slots=True)
class Msg:
    code: str
    en: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.en.format(**self.params)

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        if is_english(language):
            return str(self)
        template = ZH.get(self.code)
        if not template:
            return str(self)
        params = {k: v.render(language) if isinstance(v, Msg)
                  else TERMS[k].get(str(v), v) if k in TERMS else v
                  for k, v in self.params.items()}
        return template.format(**params)


def msg(code: str, en: str, /, **params: Any) -> Msg:
    return Msg(code, en, params)


def is_english(language: str) -> bool:
    return language.lower().startswith("en")


def cli_language() -> str:
    return os.environ.get(ENV_LANGUAGE) or DEFAULT_LANGUAGE


def render(value: object, language: str = DEFAULT_LANGUAGE) -> str:
    """A message, an exception carrying one, or plain text, in ``language``."""
    if isinstance(value, Msg):
        return value.render(language)
    if isinstance(value, BaseException) and value.args and isinstance(value.args[0], Msg):
        return value.args[0].render(language)
    return str(value)
