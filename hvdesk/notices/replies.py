"""What a customer's SMS reply means: "1" confirms the time, "2" asks for another.

Shared by the receipts (which act on a reply) and the notice views (which offer
the coordinator the move a "2" asks for).
"""

from __future__ import annotations

from hvdesk.model import Notice
from hvdesk.notices.types import NoticeKind

CONFIRM = "1"
RESCHEDULE = "2"
#: Replies people send meaning "1" / "2" (full-width digits, words).
SYNONYMS = {"１": CONFIRM, "确认": CONFIRM, "好": CONFIRM, "２": RESCHEDULE, "改约": RESCHEDULE}
#: Notices that tell a time the customer may answer.
ASKS_TIME = frozenset({NoticeKind.NOTICE, NoticeKind.RESCHEDULE, NoticeKind.REMINDER})


def answer(text: str | None) -> str:
    """The reply reduced to what it says ("２", "改约", "2。" all read "2")."""
    text = (text or "").strip().rstrip("。.!！")
    return SYNONYMS.get(text, text)


def wants_another_time(notice: Notice, kind: NoticeKind) -> bool:
    """An open "2": the customer asked to move the visit and nobody has dealt with it."""
    return notice.needs_attention and kind in ASKS_TIME and answer(notice.reply) == RESCHEDULE
