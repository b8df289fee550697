"""Sending notices through a gateway, with no database transaction open during I/O.

One call runs three steps per batch of :data:`BATCH` notices:

1. *claim* (one short transaction): check each notice (status, wording,
   do-not-contact, visit still fitting, lead time); in quiet hours mark it
   ``queued`` and stop there; otherwise mark it ``queued`` with one more
   attempt and decrypt the phone number;
2. *send* (no transaction): hand the batch to the gateway;
3. *record* (one short transaction): ``sent`` (and the visit ``notified``) or
   ``failed`` with the gateway's reason.

A crash between 1 and 3 leaves the notice ``queued`` with ``attempts > 0``;
the next call sends it again under the same idempotency key, which the
gateway sends at most once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from hvdesk import paths
from hvdesk.database import Database
from hvdesk.errors import HvdeskError, NotFound
from hvdesk.messages import msg
from hvdesk.model import Branch, Customer, Notice, NoticeStatus, Visit, VisitStatus
from hvdesk.notices import drafting, views
from hvdesk.notices.gateways.base import Gateway, GatewayResult, OutgoingMessage
from hvdesk.notices.gateways.outbox import OutboxGateway
from hvdesk.notices.settings import load_settings, load_token
from hvdesk.notices.types import NoticeKind, NoticeSettings, SendSummary
from hvdesk.notices.wording import check_wording
from hvdesk.security import pii
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor

N = NoticeStatus
BATCH = 50
#: Kinds bound by the branch's lead time (the customer needs time to arrange).
LEAD_KINDS = frozenset({NoticeKind.NOTICE, NoticeKind.RESCHEDULE})
#: Kinds that make a planned visit "notified" once out.
NOTIFYING = frozenset({NoticeKind.NOTICE, NoticeKind.RESCHEDULE})


def gateway_from_settings(
    settings: NoticeSettings, *, token: str | None = None, database_id: str | None = None
) -> Gateway:
    """The gateway the settings name; the http token defaults to the keyring's."""
    if settings.gateway == "outbox":
        if not settings.outbox_dir:
            raise HvdeskError(msg("notices.sending.outbox_folder_set",
                    "no outbox folder set: choose one in the notice settings"))
        return OutboxGateway(paths.user_folder(settings.outbox_dir))
    if settings.gateway == "http":
        if not settings.http_url:
            raise HvdeskError(msg("notices.sending.gateway_url_set",
                    "no gateway URL set: enter it in the notice settings"))
        if token is None and database_id is not None:
            token = load_token(database_id)
        if not token:
            raise HvdeskError(msg("notices.sending.token_sms_gateway",
                    "no token for the SMS gateway: store it in the notice settings"))
        # requests loads with the gateway that uses it, not with every notices screen.
        from hvdesk.notices.gateways.http import HttpGateway  # noqa: PLC0415

        return HttpGateway(settings.http_url, token)
    raise HvdeskError(msg("notices.sending.unknown_sms_gateway",
            "unknown SMS gateway {gateway!r}",
            gateway=settings.gateway))


@dataclass
class _Tally:
    sent: int = 0
    queued: int = 0
    failed: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> SendSummary:
        return SendSummary(self.sent, self.queued, self.failed, self.skipped, tuple(self.problems))


def send_notices(
    db: Database,
    actor: Actor,
    notice_ids: Sequence[int],
    gateway: Gateway,
    *,
    now: dt.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SendSummary:
    """Send (or queue, in quiet hours) these drafts/queued notices; safe from a worker thread."""
    return _run(db, actor, notice_ids, gateway, frozenset({N.DRAFT, N.QUEUED}), now, progress)


def retry_failed(
    db: Database,
    actor: Actor,
    notice_ids: Sequence[int],
    gateway: Gateway,
    *,
    now: dt.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SendSummary:
    """Send failed notices again with the same idempotency key (never sends twice)."""
    return _run(db, actor, notice_ids, gateway, frozenset({N.FAILED}), now, progress)


def _run(
    db: Database,
    actor: Actor,
    notice_ids: Sequence[int],
    gateway: Gateway,
    allowed: frozenset[NoticeStatus],
    now: dt.datetime | None,
    progress: Callable[[int, int], None] | None,
) -> SendSummary:
    actor.require(Permission.NOTICE_SEND)
    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        raise HvdeskError(msg("notices.sending.give_sending_time",
                "give the sending time with a time zone"))
    ids = list(dict.fromkeys(notice_ids))
    tally = _Tally()
    total = len(ids)
    for start in range(0, total, BATCH):
        chunk = ids[start : start + BATCH]
        batch = _claim(db, actor, chunk, allowed, moment, tally)
        if batch:
            results = _send(gateway, batch)
            _record(db, actor, results, moment, tally)
        if progress is not None:
            progress(min(start + BATCH, total), total)
    return tally.summary()


def _send(gateway: Gateway, batch: list[OutgoingMessage]) -> list[GatewayResult]:
    try:
        results = gateway.send(batch)
    except Exception as exc:  # a gateway bug must not leave the batch unrecorded
        reason = f"the gateway failed ({type(exc).__name__})"
        return [GatewayResult(m.key, ok=False, error=reason) for m in batch]
    by_key = {r.key: r for r in results}
    return [
        by_key.get(m.key) or GatewayResult(m.key, ok=False, error="the gateway gave no answer")
        for m in batch
    ]


# --- step 1: claim --------------------------------------------------------------------


def _claim(
    db: Database,
    actor: Actor,
    chunk: list[int],
    allowed: frozenset[NoticeStatus],
    now: dt.datetime,
    tally: _Tally,
) -> list[OutgoingMessage]:
    out: list[OutgoingMessage] = []
    try:
        with db.begin() as s:
            audit.bind_actor(s, actor)
            settings = load_settings(s)
            notices = _load(s, chunk)
            caps = _DailyCaps(s, notices.values(), now)
            for nid in chunk:
                notice = notices.get(nid)
                if notice is None:
                    raise NotFound(msg("notices.sending.notice_id_nid",
                            "no notice with id {nid}",
                            nid=nid))
                views.require_branch(actor, notice.visit.branch_id)
                why = _refusal(notice, allowed, settings, now)
                if why is not None:
                    tally.skipped += 1
                    tally.problems.append(f"notice {nid}: {why}")
                    continue
                branch = notice.visit.branch
                if not in_window(branch, now):
                    if notice.status is not N.QUEUED:
                        notice.status = N.QUEUED
                        notice.queued_at = now
                    tally.queued += 1
                    continue
                over = caps.refusal(notice)
                if over is not None:
                    tally.skipped += 1
                    tally.problems.append(f"notice {nid}: {over}")
                    continue
                if notice.idem_key is None:
                    notice.idem_key = drafting.new_key(notice.id)
                notice.status = N.QUEUED
                notice.queued_at = notice.queued_at or now
                notice.last_attempt_at = now
                notice.attempts += 1
                notice.error = None
                phone = db.cipher.decrypt(
                    pii.CUSTOMER_PHONE.at(notice.visit.customer_id), notice.phone_enc)
                out.append(OutgoingMessage(notice.idem_key, phone, notice.text))
            s.flush()
    except StaleDataError:
        raise HvdeskError(
            msg("notices.sending.another_desk_sending",
                    "another desk is sending these notices right now; reload the notices")
        ) from None
    return out


#: Claimed notices that reach (or are on their way to) the customer.
_COUNTED = (N.QUEUED, N.SENT, N.DELIVERED)


class _DailyCaps:
    """The branch's SMS-per-day limit per customer, held across desks (issue 18).

    On PostgreSQL the customers' rows are locked (``FOR NO KEY UPDATE``, in id
    order so two desks cannot deadlock) before counting, so a second desk
    claiming for the same customer waits for the first to commit and then
    counts its messages. SQLite serialises writers anyway.
    """

    def __init__(self, session: Session, notices: Iterable[Notice], now: dt.datetime) -> None:
        self._session = session
        self._now = now
        self._used: dict[int, int] = {}
        customers = sorted({n.visit.customer_id for n in notices})
        if customers and session.get_bind().dialect.name == "postgresql":
            session.execute(
                select(Customer.id)
                .where(Customer.id.in_(customers))
                .order_by(Customer.id)
                .with_for_update(key_share=True)
            )

    def refusal(self, notice: Notice) -> str | None:
        branch = notice.visit.branch
        customer_id = notice.visit.customer_id
        if customer_id not in self._used:
            self._used[customer_id] = self._count(notice)
        used = self._used[customer_id]
        if used >= branch.max_sms_per_day:
            return (
                f"the customer already got {used} SMS today; the branch allows "
                f"{branch.max_sms_per_day} a day"
            )
        self._used[customer_id] = used + 1
        return None

    def _count(self, notice: Notice) -> int:
        zone = ZoneInfo(notice.visit.branch.timezone)
        start = self._now.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
        end = start + dt.timedelta(days=1)
        return int(
            self._session.scalar(
                select(func.count())
                .select_from(Notice)
                .join(Visit, Visit.id == Notice.visit_id)
                .where(
                    Visit.customer_id == notice.visit.customer_id,
                    Notice.id != notice.id,
                    Notice.status.in_(_COUNTED),
                    Notice.last_attempt_at >= start,
                    Notice.last_attempt_at < end,
                )
            )
            or 0
        )


def _load(session: Session, ids: list[int]) -> dict[int, Notice]:
    stmt = (
        select(Notice)
        .where(Notice.id.in_(ids))
        .options(
            joinedload(Notice.visit).joinedload(Visit.customer),
            joinedload(Notice.visit).joinedload(Visit.branch),
            joinedload(Notice.visit).selectinload(Visit.members),
        )
    )
    return {n.id: n for n in session.scalars(stmt).unique()}


def _refusal(
    notice: Notice, allowed: frozenset[NoticeStatus], settings: NoticeSettings, now: dt.datetime
) -> str | None:
    if notice.status not in allowed:
        if notice.status is N.FAILED:
            return "it failed before: retry it instead"
        return f"it is {notice.status.value}"
    visit = notice.visit
    kind = views.kind_of(notice)
    if visit.customer.do_not_visit:
        return "the customer asked not to be contacted"
    if visit.status not in drafting.SEND_FITS[kind]:
        state = visit.status.value.replace("_", " ")
        return f"the visit is {state}: a {kind.value} no longer fits"
    report = check_wording(notice.text, settings)
    if not report.ok:
        return "wording: " + " ".join(p.message for p in report.problems)
    return _timing(notice, kind, now)


def _timing(notice: Notice, kind: NoticeKind, now: dt.datetime) -> str | None:
    visit = notice.visit
    timed = kind in drafting.TIME_KINDS or kind is NoticeKind.CANCELLATION
    if timed and visit.planned_start <= now:
        return "the visit time has passed"
    if kind in LEAD_KINDS:
        goes_out = next_window_start(visit.branch, now)
        lead = dt.timedelta(hours=visit.branch.sms_lead_hours)
        if visit.planned_start - goes_out < lead:
            return (
                f"less than {visit.branch.sms_lead_hours} hours before the visit "
                "(lead time): call the customer instead"
            )
    return None


def in_window(branch: Branch, now: dt.datetime) -> bool:
    """Inside the branch's SMS hours (its own time zone)."""
    local = now.astimezone(ZoneInfo(branch.timezone)).time()
    return branch.sms_window_start <= local < branch.sms_window_end


def next_window_start(branch: Branch, now: dt.datetime) -> dt.datetime:
    """``now`` inside the window, else when the window next opens."""
    if in_window(branch, now):
        return now
    zone = ZoneInfo(branch.timezone)
    local = now.astimezone(zone)
    day = local.date()
    if local.time() >= branch.sms_window_end:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, branch.sms_window_start, tzinfo=zone)


# --- step 3: record -------------------------------------------------------------------


def _record(
    db: Database, actor: Actor, results: list[GatewayResult], now: dt.datetime, tally: _Tally
) -> None:
    # A scheduler saving the same visit meanwhile makes the flush stale; the
    # gateway's word must still be recorded, so read again and re-apply.
    for attempt in range(3):
        try:
            sent, failed = _record_once(db, actor, results, now)
        except StaleDataError:
            if attempt == 2:
                raise HvdeskError(
                    msg("notices.sending.send_results_could",
                            "the send results could not be saved (the visits keep changing); "
                            "send again: nothing goes out twice")
                ) from None
            continue
        tally.sent += len(sent)
        tally.failed += len(failed)
        tally.problems += [f"notice {nid}: {why}" for nid, why in failed]
        return


def _record_once(
    db: Database, actor: Actor, results: list[GatewayResult], now: dt.datetime
) -> tuple[list[int], list[tuple[int, str]]]:
    keys = [r.key for r in results]
    sent: list[int] = []
    failed: list[tuple[int, str]] = []
    with db.begin() as s:
        audit.bind_actor(s, actor)
        rows = s.scalars(
            select(Notice).where(Notice.idem_key.in_(keys)).options(selectinload(Notice.visit))
        )
        by_key = {n.idem_key: n for n in rows}
        for result in results:
            notice = by_key.get(result.key)
            if notice is None:  # deleted meanwhile: nothing to record on
                continue
            if result.ok:
                _mark_sent(notice, result, now)
                sent.append(notice.id)
            else:
                notice.status = N.FAILED
                notice.error = (result.error or "failed")[:500]
                failed.append((notice.id, notice.error))
        s.flush()
        audit.record(
            s, actor, "notice_send", "notice", None,
            sent=sent, failed=[nid for nid, _why in failed], gateway=_gateway_ref(results),
        )
    return sent, failed


def _mark_sent(notice: Notice, result: GatewayResult, now: dt.datetime) -> None:
    if notice.status is not N.DELIVERED:  # a receipt may have overtaken us
        notice.status = N.SENT
    notice.sent_at = notice.sent_at or now
    notice.gateway_ref = (result.ref or "")[:100] or None
    notice.error = None
    if views.kind_of(notice) in NOTIFYING and notice.visit.status is VisitStatus.PLANNED:
        notice.visit.status = VisitStatus.NOTIFIED


def _gateway_ref(results: list[GatewayResult]) -> str | None:
    refs = {r.ref for r in results if r.ok and r.ref}
    return next(iter(refs)) if len(refs) == 1 else None
