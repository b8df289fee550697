"""What the notices section asks of :mod:`hvdesk.notices`: one session per user action.

Reads and short writes open their own session (they may run on a worker);
sending runs on a worker and goes through the core's ``send_notices``, which
keeps the gateway call outside any transaction. The clock is injectable so
tests pin "now" (the SMS window and the 24-hour lead time depend on it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from hvdesk import clock, notices
from hvdesk.database import Database
from hvdesk.notices import (
    NoticeSettings,
    NoticeView,
    ReceiptSummary,
    SendSummary,
    WordingReport,
)
from hvdesk.notices.sending import BATCH
from hvdesk.notices.service import acknowledge, prepare_day_report, prepare_for_visits_report
from hvdesk.notices.settings import store_token
from hvdesk.scheduling import calendar_query as calendar_data
from hvdesk.scheduling import service as scheduling
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor

Clock = Callable[[], dt.datetime]
#: Notices per call into the core, which claims, sends and records them as one
#: gateway batch (one outbox file): the user may stop between two chunks, and
#: what went out before stays recorded.
CHUNK = BATCH


@dataclass(frozen=True, slots=True)
class PrepareResult:
    drafts: tuple[NoticeView, ...]
    #: (customer and visit time, the core's reason) of each visit that got no draft.
    skipped: tuple[tuple[str, str], ...]


def _utc_now() -> dt.datetime:
    return clock.now()


class NoticeBackend:
    def __init__(self, db: Database, actor: Actor, zone: ZoneInfo,
                 clock: Clock | None = None) -> None:
        self.db = db
        self.actor = actor
        self.clock: Clock = clock or _utc_now
        #: The branch's zone (the main window read it at sign-in).
        self.zone = zone

    # --- who may do what ---------------------------------------------------------
    def can_send(self) -> bool:
        return self.actor.can(Permission.NOTICE_SEND)

    def can_configure(self) -> bool:
        return self.actor.can(Permission.NOTICE_SEND) or self.actor.can(
            Permission.SETTINGS_MANAGE
        )

    def today(self) -> dt.date:
        return self.clock().astimezone(self.zone).date()

    # --- reading -------------------------------------------------------------------
    def load(self, day: dt.date | None, visit_ids: Sequence[int] | None
             ) -> tuple[NoticeSettings, list[NoticeView]]:
        """The shared settings (the wording check's) and the notices, in one worker call."""
        return self.settings(), self.notices(day, visit_ids)

    def notices(self, day: dt.date | None, visit_ids: Sequence[int] | None) -> list[NoticeView]:
        with self.db.session() as session:
            if visit_ids is not None:
                return notices.list_notices(session, self.actor, visit_ids=list(visit_ids))
            return notices.list_notices(session, self.actor, day=day)

    def notices_of(self, visit_ids: Collection[int], day: dt.date | None) -> list[NoticeView]:
        """The notices of ``visit_ids`` (a change named them); with ``day``, only those
        whose visit is on that day (a visit moved away leaves the day's list)."""
        views = self.notices(None, sorted(visit_ids))
        if day is None:
            return views
        return [v for v in views if v.visit_start.astimezone(self.zone).date() == day]

    def settings(self) -> NoticeSettings:
        with self.db.session() as session:
            return notices.load_settings(session)

    def check(self, text: str, settings: NoticeSettings | None) -> WordingReport:
        return notices.check_wording(text, settings)

    # --- writing -------------------------------------------------------------------
    def prepare(self, day: dt.date | None, visit_ids: Sequence[int] | None) -> PrepareResult:
        """New drafts, and the visits that got none with the reason."""
        cipher = self.db.cipher
        with self.db.begin() as session:
            if visit_ids is not None:
                prepared = prepare_for_visits_report(session, self.actor, list(visit_ids),
                                                     cipher=cipher)
            else:
                assert day is not None
                prepared = prepare_day_report(session, self.actor, day, cipher=cipher)
            skipped = [s.visit_id for s in prepared.skipped]
            blocks = calendar_data.load_visits(session, self.actor, skipped)
        who = {b.id: f"{b.customer} {b.start:%m-%d %H:%M}" for b in blocks}
        return PrepareResult(prepared.drafts, tuple(
            (who.get(s.visit_id, str(s.visit_id)), s.reason) for s in prepared.skipped))

    def update_text(self, notice_id: int, text: str) -> NoticeView:
        with self.db.begin() as session:
            return notices.update_text(session, self.actor, notice_id, text)

    def cancel(self, notice_id: int) -> NoticeView:
        with self.db.begin() as session:
            return notices.cancel_notice(session, self.actor, notice_id)

    def acknowledge(self, notice_id: int) -> NoticeView:
        """The coordinator dealt with the customer's reply."""
        with self.db.begin() as session:
            return acknowledge(session, self.actor, notice_id)

    def move_visit(self, visit_id: int, start: dt.datetime) -> dt.datetime:
        """Move the visit a reply "2" asked to move; its new start (the core drafts the
        notice with the new time and settles the reply)."""
        with self.db.begin() as session:
            return scheduling.move_visit(session, self.actor, visit_id, start,
                                          now=self.clock()).start

    def save_settings(self, settings: NoticeSettings, token: str | None) -> None:
        """Store the shared settings; a non-empty ``token`` goes to the OS keyring.

        The token first: when the keyring refuses it, nothing is saved and the
        user is told, rather than a gateway being switched on without its token.
        """
        if token:
            store_token(self.actor, self.db.database_id() or "", token)
        with self.db.begin() as session:
            notices.save_settings(session, self.actor, settings)

    def import_receipts(self, path: Path) -> ReceiptSummary:
        with self.db.begin() as session:
            return notices.import_receipts(session, self.actor, path)

    # --- sending (on a worker) ----------------------------------------------------------
    def send(
        self,
        notice_ids: Sequence[int],
        *,
        retry: bool = False,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> SendSummary:
        """Send (or retry) in chunks; stops between chunks once ``cancelled()``.

        The notices of a chunk not yet started stay as they were (draft,
        queued or failed) and count as skipped.
        """
        gateway = notices.gateway_from_settings(
            self.settings(), database_id=self.db.database_id())
        action = notices.retry_failed if retry else notices.send_notices
        ids = list(notice_ids)
        total = len(ids)
        parts: list[SendSummary] = []
        done = 0
        for first in range(0, total, CHUNK):
            if cancelled():
                break
            chunk = ids[first : first + CHUNK]
            offset = done

            def report(n: int, _of: int, offset: int = offset) -> None:
                if progress is not None:
                    progress(offset + n, total)

            parts.append(action(self.db, self.actor, chunk, gateway, now=self.clock(),
                                progress=report))
            done += len(chunk)
            if progress is not None:
                progress(done, total)
        return merge(parts, skipped=total - done)


def merge(parts: Sequence[SendSummary], skipped: int = 0) -> SendSummary:
    return SendSummary(
        sent=sum(p.sent for p in parts),
        queued=sum(p.queued for p in parts),
        failed=sum(p.failed for p in parts),
        skipped=sum(p.skipped for p in parts) + skipped,
        problems=tuple(x for p in parts for x in p.problems),
    )
