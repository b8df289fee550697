"""SMS notices to customers: templates, wording checks, sending, receipts.

Public API (the UI and the CLI use only these names)::

    NoticeKind, WordingProblem, WordingReport, NoticeView, NoticeSettings,
    SendSummary, ReceiptSummary, Gateway, Prepared, Skipped,
    check_wording, load_settings, save_settings,
    prepare_day, prepare_day_report, prepare_for_visits, prepare_for_visits_report,
    list_notices, get_notice, update_text, cancel_notice, acknowledge,
    gateway_from_settings, send_notices, retry_failed, import_receipts,
    notice_status_by_visit

Follow-up drafts after a visit is moved or cancelled are made by
:mod:`hvdesk.notices.followups` from the scheduling service. Settings and the
http token: :mod:`hvdesk.notices.settings` (``store_token``/``load_token``).

Lifecycle: ``draft -> queued -> sent -> delivered | failed``; ``cancelled``
from draft/queued/failed. A draft is sent by :func:`send_notices`; outside
the branch's SMS window (quiet hours, the branch's timezone) it is *queued*
and goes out on the next call inside the window. A visit moved or cancelled
after its notice went out gets a follow-up draft (reschedule/cancellation)
for the coordinator to send.

Outbox gateway file formats
---------------------------
Batch file, written into the outbox folder as
``hvdesk-<UTC yyyymmddTHHMMSS>-<8 hex>.csv`` (UTF-8 with no BOM, ``\\n``
line ends, RFC 4180 quoting, header row) plus a sibling ``.json`` with the
same rows. Each file is written as ``<file>.part``, synced and renamed, the
JSON before the CSV, so a platform polling for ``*.csv`` never picks up a
half-written batch::

    id,phone,text
    hv-000123-1a2b3c4d,13800138000,【某某金融】张先生您好，...

``id`` is the notice's idempotency key (``hv-<notice id 6+ digits>-<8 hex>``);
the JSON file is ``{"batch": "<name>", "messages": [{"id":..., "phone":...,
"text":...}, ...]}``.

Receipts file (the platform writes it; :func:`import_receipts` reads it):
UTF-8 CSV with a header row, columns in any order::

    id,status,time,reply,error

- ``id``: the idempotency key from the batch file (required);
- ``status``: ``delivered`` | ``failed`` | ``reply`` (required);
- ``time``: ISO 8601; a time without offset is UTC (optional);
- ``reply``: the customer's reply text when ``status`` is ``reply`` ("1" =
  confirm, "2" = reschedule; anything else flags the visit for the
  coordinator);
- ``error``: the carrier's reason when ``status`` is ``failed``.

A JSON receipts file (``.json``) holding a list of objects with the same
keys (or ``{"receipts": [...]}``) is accepted too. Entries with an id this
database (or the actor's branch) does not know are counted as ``unknown``.
A resent notice keeps its id: the platform must drop an id it already sent.

The http gateway's protocol is described in :mod:`hvdesk.notices.gateways.http`.
"""

from __future__ import annotations

from hvdesk.notices.gateways.base import Gateway, GatewayResult
from hvdesk.notices.receipts import import_receipts
from hvdesk.notices.sending import gateway_from_settings, retry_failed, send_notices
from hvdesk.notices.service import (
    Prepared,
    Skipped,
    acknowledge,
    cancel_notice,
    get_notice,
    list_notices,
    notice_status_by_visit,
    prepare_day,
    prepare_day_report,
    prepare_for_visits,
    prepare_for_visits_report,
    update_text,
)
from hvdesk.notices.settings import load_settings, save_settings
from hvdesk.notices.types import (
    NoticeKind,
    NoticeSettings,
    NoticeView,
    ReceiptSummary,
    SendSummary,
    WordingProblem,
    WordingReport,
)
from hvdesk.notices.wording import check_wording

__all__ = [
    "Gateway",
    "GatewayResult",
    "NoticeKind",
    "NoticeSettings",
    "NoticeView",
    "Prepared",
    "ReceiptSummary",
    "SendSummary",
    "Skipped",
    "WordingProblem",
    "WordingReport",
    "acknowledge",
    "cancel_notice",
    "check_wording",
    "gateway_from_settings",
    "get_notice",
    "import_receipts",
    "list_notices",
    "load_settings",
    "notice_status_by_visit",
    "prepare_day",
    "prepare_day_report",
    "prepare_for_visits",
    "prepare_for_visits_report",
    "retry_failed",
    "save_settings",
    "send_notices",
    "update_text",
]
