"""Sending through the outbox, quiet hours, lead time, receipts and replies, the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from sqlalchemy import select

from hvdesk.cli import main
from hvdesk.errors import HvdeskError
from hvdesk.model import AuditEvent, Feedback, NoticeStatus, Visit, VisitStatus
from hvdesk.notices import (
    NoticeKind,
    NoticeSettings,
    gateway_from_settings,
    import_receipts,
    list_notices,
    prepare_for_visits,
    retry_failed,
    send_notices,
    update_text,
)
from hvdesk.notices.gateways.base import GatewayResult
from hvdesk.notices.gateways.http import HttpGateway
from hvdesk.notices.gateways.outbox import OutboxGateway
from hvdesk.notices.settings import ENV_TOKEN, store_token
from hvdesk.scheduling import service as scheduling
from hvdesk.security.roles import Role
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM, Actor
from tests.factories import PASSWORD
from tests.scheduling_helpers import NOW, TUESDAY, WEDNESDAY, at, make_world
from tests.test_notice_world import QUIET_NOW, plan, use_outbox

N = NoticeStatus


@pytest.fixture(autouse=True)
def _cli_password(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every test user has the factories' password; the CLI asks for it (issue 14).
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)


@pytest.fixture
def world(db):
    return make_world(db)


def _drafts(world, *vids, kind=None):
    with world.db.begin() as s:
        return [d.id for d in prepare_for_visits(s, world.coord, list(vids), kind=kind)]


def _statuses(world, vids):
    with world.db.session() as s:
        return {n.id: n for n in list_notices(s, world.coord, visit_ids=vids)}


def _batch_rows(folder):
    (csv_file,) = sorted(folder.glob("*.csv"))
    with open(csv_file, encoding="utf-8", newline="") as fh:
        return csv_file, list(csv.DictReader(fh))


def test_outbox_batch_then_receipts_and_replies(world, tmp_path):
    out = tmp_path / "outbox"
    settings = use_outbox(world, str(out))
    vids = [plan(world, c, hour=h, team=t)
            for c, (h, t) in enumerate([(9, (0, 1)), (9, (2, 3)), (14, (0, 1)), (14, (2, 3))])]
    ids = _drafts(world, *vids)
    seen = []
    summary = send_notices(world.db, world.coord, ids, gateway_from_settings(settings),
                           now=NOW, progress=lambda d, t: seen.append((d, t)))
    assert (summary.sent, summary.queued, summary.failed, summary.skipped) == (4, 0, 0, 0)
    assert summary.line() == "sent 4, queued 0, failed 0, skipped 0" and seen == [(4, 4)]
    csv_file, rows = _batch_rows(out)
    assert [r["phone"] for r in rows] == [f"1391234{c:04d}" for c in range(4)]
    assert not list(out.glob("*.part"))
    doc = json.loads(csv_file.with_suffix(".json").read_text(encoding="utf-8"))
    assert doc["batch"] == csv_file.name and [m["id"] for m in doc["messages"]] == [
        r["id"] for r in rows
    ]
    views = _statuses(world, vids)
    assert {v.status for v in views.values()} == {N.SENT}
    with world.db.session() as s:
        assert {s.get(Visit, v).status for v in vids} == {VisitStatus.NOTIFIED}

    receipts = tmp_path / "receipts.csv"
    receipts.write_text(
        "id,status,time,reply,error\n"
        f"{rows[0]['id']},delivered,2026-11-30T09:01:00+08:00,,\n"
        f"{rows[1]['id']},failed,,,空号\n"
        f"{rows[2]['id']},reply,2026-11-30T10:00:00,1,\n"
        f"{rows[3]['id']},reply,,2,\n"
        "hv-999999-deadbeef,delivered,,,\n",
        encoding="utf-8",
    )
    with world.db.begin() as s:
        got = import_receipts(s, world.coord, receipts)
    assert (got.delivered, got.failed, got.confirmed, got.flagged, got.unknown) == (1, 1, 1, 1, 1)
    views = _statuses(world, vids)
    by_visit = {v.visit_id: v for v in views.values()}
    assert by_visit[vids[0]].status is N.DELIVERED and by_visit[vids[0]].delivered_at
    assert by_visit[vids[1]].status is N.FAILED and by_visit[vids[1]].error == "空号"
    # Not delivered: the visit is no longer "notified" and the coordinator is asked to act.
    assert by_visit[vids[1]].needs_attention
    assert by_visit[vids[3]].needs_attention and by_visit[vids[3]].reply == "2"
    with world.db.session() as s:
        assert s.get(Visit, vids[2]).status is VisitStatus.CONFIRMED
        assert s.get(Visit, vids[1]).status is VisitStatus.PLANNED
        assert s.get(Visit, vids[3]).status is VisitStatus.NOTIFIED  # the coordinator calls
        details = [e.detail for e in s.scalars(select(AuditEvent).where(
            AuditEvent.action.in_(["notice_send", "notice_receipts"])))]
    assert len(details) == 2 and "1391234" not in json.dumps(details, ensure_ascii=False)

    # The failed one again: same key, new batch file.
    failed_id = by_visit[vids[1]].id
    again = retry_failed(world.db, world.coord, [failed_id], OutboxGateway(out), now=NOW)
    assert again.sent == 1
    newest = max(out.glob("*.csv"), key=lambda p: p.stat().st_mtime_ns)
    assert newest != csv_file or len(list(out.glob("*.csv"))) == 2
    assert rows[1]["id"] in {r["id"] for p in out.glob("*.csv")
                             for r in csv.DictReader(p.open(encoding="utf-8"))}


def test_quiet_hours_queue_until_the_window_opens(world, tmp_path):
    settings = use_outbox(world, str(tmp_path))
    ids = _drafts(world, plan(world, 0))
    gw = gateway_from_settings(settings)
    first = send_notices(world.db, world.coord, ids, gw, now=QUIET_NOW)
    assert (first.sent, first.queued) == (0, 1) and not list(tmp_path.glob("*.csv"))
    with world.db.session() as s:
        assert list_notices(s, world.coord, day=WEDNESDAY)[0].status is N.QUEUED
    early = QUIET_NOW.replace(hour=7, minute=59) + dt.timedelta(days=1)
    assert send_notices(world.db, world.coord, ids, gw, now=early).queued == 1
    at_eight = early.replace(hour=8, minute=0)
    assert send_notices(world.db, world.coord, ids, gw, now=at_eight).sent == 1


def test_lead_time_wording_and_do_not_contact_block_sending(world, tmp_path):
    settings = use_outbox(world, str(tmp_path))
    gw = gateway_from_settings(settings)
    soon = plan(world, 0, day=TUESDAY, hour=8, override_reason="客户来电约定")
    bad, dnc = plan(world, 1), plan(world, 3, hour=14)
    ids = _drafts(world, soon, bad, dnc)
    with world.db.begin() as s:
        update_text(s, world.coord, ids[1], "【惠民消费金融】您的欠款已逾期")
        audit.bind_actor(s, SYSTEM)
        s.get(Visit, dnc).customer.do_not_visit = True
    summary = send_notices(world.db, world.coord, ids, gw, now=NOW)
    assert (summary.sent, summary.skipped) == (0, 3)
    text = "\n".join(summary.problems)
    assert "less than 24 hours before the visit" in text
    assert "wording:" in text and "debt" in text
    assert "asked not to be contacted" in text
    # Queued in quiet hours, the lead time counts from 08:00, not from now.
    late = plan(world, 4, day=TUESDAY, hour=18, team=(2, 3))
    (lid,) = _drafts(world, late)
    monday_night = NOW.replace(hour=21, minute=30)
    assert send_notices(world.db, world.coord, [lid], gw, now=monday_night).skipped == 1


def test_a_gateway_that_raises_fails_the_batch_with_a_reason(world):
    ids = _drafts(world, plan(world, 0))

    class Broken:
        name = "broken"

        def send(self, messages):
            raise RuntimeError("boom")

    summary = send_notices(world.db, world.coord, ids, Broken(), now=NOW)
    assert summary.failed == 1 and "the gateway failed (RuntimeError)" in summary.problems[0]

    class Partial:
        name = "partial"

        def send(self, messages):
            return [GatewayResult("someone-else", ok=True)]

    summary = retry_failed(world.db, world.coord, ids, Partial(), now=NOW)
    assert summary.failed == 1 and "gave no answer" in summary.problems[0]


def test_feedback_reply_is_stored_as_feedback(world, tmp_path):
    vid = plan(world, 0)
    with world.db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.get(Visit, vid).status = VisitStatus.COMPLETED
    (fid,) = _drafts(world, vid, kind=NoticeKind.FEEDBACK)
    send_notices(world.db, world.coord, [fid], OutboxGateway(tmp_path), now=NOW)
    _csv, rows = _batch_rows(tmp_path)
    receipts = tmp_path / "r.json"
    receipts.write_text(json.dumps([{"id": rows[0]["id"], "status": "reply", "reply": "5"}]))
    with world.db.begin() as s:
        got = import_receipts(s, world.coord, receipts)
    assert (got.confirmed, got.flagged) == (0, 0)
    with world.db.session() as s:
        assert s.scalars(select(Feedback.satisfaction).where(Feedback.visit_id == vid)).all() == [5]


def test_cli_send_prints_a_summary(world, tmp_path, capsys, monkeypatch):
    plan(world, 0)
    plan(world, 1, hour=14, team=(2, 3))
    monkeypatch.setattr("hvdesk.notices.sending.dt", _FixedDt)
    out = tmp_path / "box"
    code = main(["--db", world.db.url, "--as", "coord1", "notices", "send",
                 "--date", WEDNESDAY.isoformat(), "--gateway", "outbox", "--outbox", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "2026-12-02: 2 drafted; sent 2, queued 0, failed 0, skipped 0" in printed
    assert len(_batch_rows(out)[1]) == 2


class _FixedDt:
    """``dt`` for the sending module with "now" fixed at NOW (the CLI takes no --now)."""

    timedelta = dt.timedelta
    UTC = dt.UTC

    class datetime(dt.datetime):  # stands in for the module attribute
        @classmethod
        def now(cls, tz=None):
            return NOW.astimezone(tz)

        @classmethod
        def combine(cls, *a, **kw):
            return dt.datetime.combine(*a, **kw)


def test_gateway_from_settings_needs_its_folder_url_and_token(monkeypatch, tmp_path):

    with pytest.raises(HvdeskError, match="no outbox folder"):
        gateway_from_settings(NoticeSettings(gateway="outbox"))
    http = NoticeSettings(gateway="http", http_url="https://sms.example.com/send")
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    with pytest.raises(HvdeskError, match="no token"):
        gateway_from_settings(http, database_id="db-1")
    monkeypatch.setenv(ENV_TOKEN, "from-env")
    gw = gateway_from_settings(http, database_id="db-1")
    assert isinstance(gw, HttpGateway) and gw.token == "from-env"
    assert gateway_from_settings(http, token="given").token == "given"
    # Tests run with HVDESK_KEYRING=off: the token is never written anywhere else.
    actor = Actor(user_id=1, login="c", role=Role.COORDINATOR, branch_id=1)
    with pytest.raises(HvdeskError, match="no system keyring"):
        store_token(actor, "db-1", "secret")
    assert not list(tmp_path.iterdir())


def test_a_reply_2_offers_the_move_and_moving_settles_it(world, tmp_path):
    """Issue 16.7: "2" marks the notice as asking for another time until the visit moves."""
    out = tmp_path / "outbox"
    settings = use_outbox(world, str(out))
    vids = [plan(world, 0, hour=9), plan(world, 1, hour=14, team=(2, 3))]
    send_notices(world.db, world.coord, _drafts(world, *vids), gateway_from_settings(settings),
                 now=NOW)
    _, rows = _batch_rows(out)
    receipts = tmp_path / "receipts.csv"
    receipts.write_text(
        "id,status,time,reply,error\n"
        f"{rows[0]['id']},reply,,改约,\n"
        f"{rows[1]['id']},reply,,什么时候来？,\n",
        encoding="utf-8",
    )
    with world.db.begin() as s:
        import_receipts(s, world.coord, receipts)
    by_visit = {v.visit_id: v for v in _statuses(world, vids).values()}
    assert by_visit[vids[0]].wants_another_time and by_visit[vids[0]].needs_attention
    # A question is for a person to read, not a request to move.
    assert by_visit[vids[1]].needs_attention and not by_visit[vids[1]].wants_another_time
    with world.db.begin() as s:
        scheduling.move_visit(s, world.coord, vids[0], at(WEDNESDAY, 16), now=NOW)
    by_visit = {v.visit_id: v for v in _statuses(world, vids).values()}
    moved = [v for v in _statuses(world, [vids[0]]).values() if v.reply]
    assert moved and not moved[0].wants_another_time and not moved[0].needs_attention
    assert by_visit[vids[1]].needs_attention
