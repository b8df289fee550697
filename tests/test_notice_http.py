"""The http gateway against a misbehaving local server: nothing lost, nothing sent twice.

The fake SMS server on 127.0.0.1 "sends" a message at most once per
idempotency key and records what it sent. Each key gets a fault on its first
attempt(s) from a fixed plan: the connection dropped before or after the
message was taken, HTTP 500 (twice), a slow answer past the client's
timeout, the answer written twice on a kept-alive connection, an answer
naming another message (nothing sent), or for some
keys a permanent 500 or a 400 refusal.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from hvdesk.model import (
    Branch,
    Customer,
    Notice,
    NoticeStatus,
    Visit,
    VisitMember,
    VisitPurpose,
    VisitStatus,
)
from hvdesk.notices import NoticeKind, retry_failed, send_notices
from hvdesk.notices.drafting import new_key
from hvdesk.notices.gateways.base import OutgoingMessage
from hvdesk.notices.gateways.http import HttpGateway
from hvdesk.security import pii
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from tests.scheduling_helpers import NOW, WEDNESDAY, at, make_world

N = NoticeStatus
FAULTS = ("ok", "drop_before", "drop_after", "500_twice", "slow", "twice", "stray",
          "always_500", "reject")
WEIGHTS = (40, 10, 10, 10, 4, 10, 5, 3, 3)
SLOW = 0.25
TIMEOUT = 0.1


@dataclass
class FakeSms:
    plan: dict[str, str] = field(default_factory=dict)
    sent: dict[str, tuple[str, str]] = field(default_factory=dict)
    sends: Counter[str] = field(default_factory=Counter)  # real sends per key (must stay <= 1)
    hits: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fault(self, key: str) -> str:
        rng = random.Random(key)
        return rng.choices(FAULTS, WEIGHTS)[0]


def _handler(fake: FakeSms) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:  # noqa: PLR0911 - one branch per fault
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            key = self.headers["Idempotency-Key"]
            assert body["id"] == key and self.headers["Authorization"] == "Bearer t0ken"
            with fake.lock:
                fake.hits[key] += 1
                attempt = fake.hits[key]
            fault = fake.plan.setdefault(key, fake.fault(key))
            if fault == "always_500" or (fault == "500_twice" and attempt <= 2):
                return self._answer(500, {"error": "internal"})
            if fault == "reject":
                return self._answer(400, {"error": "invalid number"})
            if fault == "stray" and attempt == 1:
                # Another message's answer (a proxy out of step), this one not taken.
                return self._answer(200, {"id": "hv-000000-00000000", "ref": "x"})
            if fault == "drop_before" and attempt == 1:
                self.close_connection = True
                return None
            self._take(key, body)
            if fault == "drop_after" and attempt == 1:
                self.close_connection = True  # sent, but the answer is lost
                return None
            if fault == "slow" and attempt == 1:
                time.sleep(SLOW)
            payload = {"id": key, "ref": f"ref-{key}"}
            if fault == "twice" and attempt == 1:
                raw = self._raw(200, payload)
                self.wfile.write(raw + raw)  # the same answer again, unasked
                return None
            return self._answer(200, payload)

        def _take(self, key: str, body: dict[str, str]) -> None:
            with fake.lock:
                if key not in fake.sent:  # at most once per key: the gateway's promise
                    fake.sent[key] = (body["phone"], body["text"])
                    fake.sends[key] += 1

        def _raw(self, status: int, payload: dict[str, str]) -> bytes:
            data = json.dumps(payload).encode()
            reason = self.responses[status][0]
            head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(data)}\r\n\r\n")
            return head.encode() + data

        def _answer(self, status: int, payload: dict[str, str]) -> None:
            self.wfile.write(self._raw(status, payload))

    return Handler


@pytest.fixture
def fake_server() -> Iterator[tuple[FakeSms, str]]:
    fake = FakeSms()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake, f"http://127.0.0.1:{server.server_port}/sms"
    server.shutdown()
    server.server_close()


def _gateway(url: str) -> HttpGateway:
    return HttpGateway(url, "t0ken", connect_timeout=1.0, read_timeout=TIMEOUT,
                       attempts=4, backoff=0.001, backoff_max=0.01)


def _many_notices(db, count: int) -> list[int]:
    """``count`` drafts on a few visits, each to its own phone number."""
    world = make_world(db)
    cipher = db.cipher
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        customer = s.get(Customer, world.customers[0])
        # A load test, not a test of the per-customer SMS cap (tests/test_notice_caps.py).
        s.get(Branch, world.branch_id).max_sms_per_day = count
        visits = [
            Visit(branch_id=world.branch_id, customer_id=customer.id,
                  purpose=VisitPurpose.CARE, address=customer.registered_address,
                  planned_start=at(WEDNESDAY, 9 + k), planned_end=at(WEDNESDAY, 10 + k),
                  status=VisitStatus.PLANNED,
                  members=[VisitMember(user_id=u, is_lead=p == 0, position=p)
                           for p, u in enumerate(world.team(0, 1))])
            for k in range(5)
        ]
        s.add_all(visits)
        s.flush()
        notices = []
        for n in range(count):
            phone = f"137{n:08d}"
            notices.append(Notice(
                visit_id=visits[n % 5].id, kind=NoticeKind.REMINDER.value,
                phone_enc=cipher.encrypt(pii.CUSTOMER_PHONE.at(visits[n % 5].customer_id), phone),
                phone_last4=phone[-4:],
                template="test", text=f"【惠民消费金融】您好，工作人员将于12月2日拜访。第{n}条",
                status=N.DRAFT,
            ))
        s.add_all(notices)
        s.flush()
        for notice in notices:
            notice.idem_key = new_key(notice.id)
        return [n.id for n in notices], world.coord


def test_500_notices_through_faults_each_sent_exactly_once_or_failed_with_reason(
    sqlite_db, fake_server
):
    fake, url = fake_server
    ids, coord = _many_notices(sqlite_db, 500)
    summary = send_notices(sqlite_db, coord, ids, _gateway(url), now=NOW)
    assert summary.sent + summary.failed == 500 and summary.skipped == summary.queued == 0

    with sqlite_db.session() as s:
        rows = s.scalars(select(Notice).where(Notice.id.in_(ids))).all()
    by_key = {n.idem_key: n for n in rows}
    assert len(by_key) == 500
    # Every key the server sent belongs to a notice, and no phone got two messages.
    assert set(fake.sent) <= set(by_key)
    assert max(fake.sends.values()) == 1
    assert max(Counter(phone for phone, _text in fake.sent.values()).values()) == 1
    for key, notice in by_key.items():
        fault = fake.plan[key]
        if notice.status is N.SENT:
            assert fake.sends[key] == 1 and notice.error is None and notice.sent_at
            assert fake.sent[key][1] == notice.text
            assert fault not in {"always_500", "reject"}
        else:
            assert notice.status is N.FAILED and notice.error, (key, fault)
            assert fault in {"always_500", "reject"}, (key, fault, notice.error)
            assert key not in fake.sent
            if fault == "reject":
                assert notice.error == "refused by the gateway: HTTP 400 (invalid number)"
            else:
                assert notice.error.startswith("gateway error HTTP 500")
                assert "4 attempts" in notice.error
    # Every fault actually happened.
    assert set(fake.plan.values()) == set(FAULTS)
    assert summary.failed == sum(1 for f in fake.plan.values() if f in {"always_500", "reject"})

    # The server recovers: retrying the failed ones sends each once, the sent stay sent.
    for key, fault in fake.plan.items():
        if fault == "always_500":
            fake.plan[key] = "ok"
    failed = [n.id for n in rows if n.status is N.FAILED]
    again = retry_failed(sqlite_db, coord, failed + ids[:10], _gateway(url), now=NOW)
    assert again.skipped == sum(1 for i in ids[:10] if i not in failed)
    assert max(fake.sends.values()) == 1


def test_resending_a_notice_whose_answer_was_lost_does_not_send_again(fake_server):
    fake, url = fake_server
    gw = _gateway(url)
    msg = OutgoingMessage("hv-000001-aaaaaaaa", "13700000001", "【惠民消费金融】您好")
    fake.plan[msg.key] = "drop_after"
    (first,) = gw.send([msg])
    (second,) = gw.send([msg])  # e.g. after a crash before the result was saved
    assert first.ok and second.ok and fake.sends[msg.key] == 1 and fake.hits[msg.key] == 3


def test_nobody_listening_fails_with_the_reason():
    gw = HttpGateway("http://127.0.0.1:9/sms", "t0ken", connect_timeout=0.2, read_timeout=0.2,
                     attempts=2, backoff=0.001)
    (result,) = gw.send([OutgoingMessage("hv-1", "13700000001", "x")])
    assert not result.ok and "connection to the gateway failed" in (result.error or "")
    assert "gave up after 2 attempts" in (result.error or "")
