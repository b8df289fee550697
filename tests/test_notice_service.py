"""Drafts, editing, cancelling, settings and follow-ups, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hvdesk.errors import PermissionDenied, ValidationError
from hvdesk.model import AuditEvent, DbMeta, Notice, NoticeStatus, Visit, VisitStatus
from hvdesk.notices import (
    NoticeKind,
    NoticeSettings,
    cancel_notice,
    list_notices,
    load_settings,
    notice_status_by_visit,
    prepare_day,
    prepare_day_report,
    prepare_for_visits,
    save_settings,
    update_text,
)
from hvdesk.scheduling import service as visits
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from tests.scheduling_helpers import NOW, THURSDAY, WEDNESDAY, at, make_world
from tests.test_notice_world import plan

N = NoticeStatus


@pytest.fixture
def world(db):
    return make_world(db, do_not_visit=(2,))


def test_prepare_day_drafts_each_planned_visit_once_and_says_why_it_skips(world):
    a, b = plan(world, 0, hour=10), plan(world, 1, hour=14, team=(2, 3))
    with world.db.begin() as s:
        report = prepare_day_report(s, world.coord, WEDNESDAY, cipher=world.db.cipher)
    assert sorted(d.visit_id for d in report.drafts) == [a, b]
    first = next(d for d in report.drafts if d.visit_id == a)
    assert first.kind is NoticeKind.NOTICE and first.status is N.DRAFT
    assert first.text.startswith("【惠民消费金融】尊敬的张先生：")  # ID 51010719900101001X: male
    assert "张伟（工号V0001）" in first.text and "武侯区" not in first.text  # 测试路 address
    assert "测试路1号" in first.text and "四川省" not in first.text
    assert first.phone_masked == "139****0000" and first.problems == ()
    assert first.segments >= 2 and first.chars > 70
    with world.db.begin() as s:
        assert prepare_day(s, world.coord, WEDNESDAY) == []  # nothing twice


def test_do_not_contact_customer_gets_no_draft_and_the_reason(world):
    vid = plan(world, 0)
    with world.db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.get(Visit, vid).customer.do_not_visit = True
    with world.db.begin() as s:
        report = prepare_day_report(s, world.coord, WEDNESDAY)
    assert report.drafts == ()
    assert [(k.visit_id, k.reason) for k in report.skipped] == [
        (vid, "the customer asked not to be contacted")
    ]


def test_without_the_key_the_addressee_is_neutral(world):
    vid = plan(world, 1)
    with world.db.begin() as s:
        (draft,) = prepare_for_visits(s, world.coord, [vid])
    assert "尊敬的李先生/女士：" in draft.text


def test_edit_cancel_and_statuses(world):
    vid = plan(world, 0)
    with world.db.begin() as s:
        (draft,) = prepare_for_visits(s, world.coord, [vid])
    with world.db.begin() as s:
        bad = update_text(s, world.coord, draft.id, "【惠民消费金融】张先生，您的欠款500元已逾期。")
    assert {p.code for p in bad.problems} == {"amount", "disclosure"}
    with world.db.begin() as s:
        assert notice_status_by_visit(s, [vid, 999]) == {vid: N.DRAFT}
        cancelled = cancel_notice(s, world.coord, draft.id)
    assert cancelled.status is N.CANCELLED
    with world.db.begin() as s, pytest.raises(ValidationError, match="only a draft"):
        update_text(s, world.coord, draft.id, "【惠民消费金融】您好")
    with world.db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.get(Notice, draft.id).status = N.SENT
    with world.db.begin() as s, pytest.raises(ValidationError, match="cannot be cancelled"):
        cancel_notice(s, world.coord, draft.id)
    with world.db.session() as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.entity == "notice")).all()
        assert "notice_cancel" in actions
        details = " ".join(str(e.detail) for e in s.scalars(select(AuditEvent)))
        assert "1391234" not in details and "欠款" not in details  # no phone, no text


def test_visitors_may_not_prepare_and_other_branches_see_nothing(world):
    vid = plan(world, 0)
    with world.db.begin() as s, pytest.raises(PermissionDenied):
        prepare_for_visits(s, world.actors["visitor1"], [vid])
    with world.db.begin() as s:
        prepare_for_visits(s, world.coord, [vid])
    with world.db.session() as s:
        assert len(list_notices(s, world.coord, day=WEDNESDAY)) == 1
        assert len(list_notices(s, world.coord, day=THURSDAY)) == 0
        assert len(list_notices(s, world.coord)) == 1  # open ones


def test_settings_are_shared_validated_and_long_word_lists_fit(world):
    with world.db.session() as s:
        assert load_settings(s) == NoticeSettings()
    words = tuple(f"禁用词{n:03d}" for n in range(120))  # > 400 characters of JSON
    with world.db.begin() as s:
        save_settings(
            s, world.coord,
            NoticeSettings(signature="成都惠民", gateway="http",
                           http_url="https://sms.example.com/send", extra_forbidden_words=words),
        )
    with world.db.session() as s:
        got = load_settings(s)
        assert s.scalar(select(DbMeta.value).where(DbMeta.key == "notice_settings.1"))
    assert got.signature == "【成都惠民】" and got.gateway == "http"
    assert got.extra_forbidden_words == words
    for bad in (
        NoticeSettings(gateway="fax"),
        NoticeSettings(gateway="http", http_url=""),
        NoticeSettings(gateway="http", http_url="http://sms.example.com"),
        NoticeSettings(signature="惠"),
    ):
        with world.db.begin() as s, pytest.raises(ValidationError):
            save_settings(s, world.coord, bad)
    with world.db.begin() as s, pytest.raises(PermissionDenied):
        save_settings(s, world.actors["visitor1"], NoticeSettings())


def _send_directly(world, vid):
    """Mark the visit's notice sent as the sending service would."""
    with world.db.begin() as s:
        (draft,) = prepare_for_visits(s, world.coord, [vid])
        n = s.get(Notice, draft.id)
        n.status, n.sent_at = N.SENT, NOW
        n.visit.status = VisitStatus.NOTIFIED
    return draft.id


def test_moving_a_notified_visit_drafts_a_reschedule_notice(world):
    vid = plan(world, 0)
    first = _send_directly(world, vid)
    with world.db.begin() as s:
        view = visits.move_visit(s, world.coord, vid, at(THURSDAY, 15), now=NOW)
    assert view.renotify and view.status is VisitStatus.PLANNED
    with world.db.session() as s:
        rows = list_notices(s, world.coord, visit_ids=[vid])
    assert [(r.id == first, r.kind, r.status) for r in rows] == [
        (True, NoticeKind.NOTICE, N.SENT), (False, NoticeKind.RESCHEDULE, N.DRAFT)
    ]
    assert "12月3日（周四）15:00" in rows[1].text and rows[1].problems == ()
    with world.db.begin() as s:  # preparing the day again adds nothing
        assert prepare_for_visits(s, world.coord, [vid]) == []


def test_cancelling_a_notified_visit_drafts_a_cancellation(world):
    vid = plan(world, 1)
    _send_directly(world, vid)
    with world.db.begin() as s:
        visits.cancel_visit(s, world.coord, vid, "客户来电取消")
    with world.db.session() as s:
        rows = list_notices(s, world.coord, visit_ids=[vid])
        assert notice_status_by_visit(s, [vid]) == {vid: N.DRAFT}
    assert rows[-1].kind is NoticeKind.CANCELLATION and "已取消" in rows[-1].text


def test_moving_a_visit_not_yet_notified_drafts_nothing_and_cancels_stale_drafts(world):
    vid = plan(world, 0)
    with world.db.begin() as s:
        prepare_for_visits(s, world.coord, [vid])
        visits.cancel_visit(s, world.coord, vid, "暴雨")
    with world.db.session() as s:
        rows = list_notices(s, world.coord, visit_ids=[vid])
    assert [(r.kind, r.status) for r in rows] == [(NoticeKind.NOTICE, N.DRAFT)]


def test_reminder_and_feedback_on_request(world):
    vid = plan(world, 0)
    _send_directly(world, vid)
    with world.db.begin() as s:
        (rem,) = prepare_for_visits(s, world.coord, [vid], kind=NoticeKind.REMINDER)
        assert "温馨提醒" in rem.text
        assert prepare_for_visits(s, world.coord, [vid], kind=NoticeKind.FEEDBACK) == []
