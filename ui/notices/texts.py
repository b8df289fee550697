"""Display names and colours of notice values, and the core's messages in the UI language."""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QCoreApplication

from hvdesk.errors import HvdeskError
from hvdesk.model import NoticeStatus, VisitStatus
from hvdesk.notices import NoticeKind, ReceiptSummary, SendSummary, WordingProblem
from ui.labels import QT_TRANSLATE_NOOP, error_text
from ui.visit_names import status_name as visit_status_name

_CTX = "NoticeTexts"

STATUS_NAMES: dict[NoticeStatus, str] = {
    NoticeStatus.DRAFT: QT_TRANSLATE_NOOP("NoticeTexts", "Draft"),
    NoticeStatus.QUEUED: QT_TRANSLATE_NOOP("NoticeTexts", "Queued"),
    NoticeStatus.SENT: QT_TRANSLATE_NOOP("NoticeTexts", "Sent"),
    NoticeStatus.DELIVERED: QT_TRANSLATE_NOOP("NoticeTexts", "Delivered"),
    NoticeStatus.FAILED: QT_TRANSLATE_NOOP("NoticeTexts", "Failed"),
    NoticeStatus.CANCELLED: QT_TRANSLATE_NOOP("NoticeTexts", "Cancelled"),
}

KIND_NAMES: dict[NoticeKind, str] = {
    NoticeKind.NOTICE: QT_TRANSLATE_NOOP("NoticeTexts", "Visit notice"),
    NoticeKind.RESCHEDULE: QT_TRANSLATE_NOOP("NoticeTexts", "Rescheduled"),
    NoticeKind.CANCELLATION: QT_TRANSLATE_NOOP("NoticeTexts", "Cancellation"),
    NoticeKind.REMINDER: QT_TRANSLATE_NOOP("NoticeTexts", "Reminder"),
    NoticeKind.FEEDBACK: QT_TRANSLATE_NOOP("NoticeTexts", "Feedback request"),
}

#: Text colour per status in the table: calm while pending, green delivered, red failed.
STATUS_COLOURS: dict[NoticeStatus, str] = {
    NoticeStatus.DRAFT: "#4b5563",
    NoticeStatus.QUEUED: "#c27803",
    NoticeStatus.SENT: "#2f6fde",
    NoticeStatus.DELIVERED: "#1f8a4c",
    NoticeStatus.FAILED: "#b42318",
    NoticeStatus.CANCELLED: "#9ca3af",
}

#: The wording rules' messages by code, in English as ``hvdesk.notices.wording``
#: words them with ``{0}``… for the variable parts (keep in step: a message that
#: no longer matches shows in English, and tests/ui/test_notices_texts.py fails).
PROBLEM_TEMPLATES: dict[str, str] = {
    "empty": QT_TRANSLATE_NOOP("NoticeProblems", "The message is empty."),
    "signature": QT_TRANSLATE_NOOP(
        "NoticeProblems", "The message must start with the company signature in 【】."),
    "placeholder": QT_TRANSLATE_NOOP(
        "NoticeProblems", "Fill in or remove the placeholder(s): {0}."),
    "amount": QT_TRANSLATE_NOOP(
        "NoticeProblems",
        "Remove the sum of money (\u201c{0}\u201d): a notice never states an amount."),
    "disclosure": QT_TRANSLATE_NOOP(
        "NoticeProblems", "Remove {0}: whoever reads the phone must not learn about a debt."),
    "threat": QT_TRANSLATE_NOOP(
        "NoticeProblems", "Remove {0}: threatening wording is a red line."),
    "too_long": QT_TRANSLATE_NOOP(
        "NoticeProblems",
        "The message is {0} characters ({1} parts); keep it to {2} parts ({3} characters)."),
}

#: Why ``prepare`` gave a visit no draft (``hvdesk.notices.drafting.skip_reason``).
SKIP_TEMPLATES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("NoticeProblems", "the customer asked not to be contacted"),
    QT_TRANSLATE_NOOP("NoticeProblems", "a {0} does not fit a {1} visit"),
    QT_TRANSLATE_NOOP("NoticeProblems", "the visit has no team yet"),
)


#: Why ``send_notices`` passed a notice over (``hvdesk.notices.sending``), after "notice N: ".
SEND_TEMPLATES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("NoticeProblems", "it failed before: retry it instead"),
    QT_TRANSLATE_NOOP("NoticeProblems", "it is {0}"),
    QT_TRANSLATE_NOOP("NoticeProblems", "the customer asked not to be contacted"),
    QT_TRANSLATE_NOOP("NoticeProblems", "the visit is {0}: a {1} no longer fits"),
    QT_TRANSLATE_NOOP("NoticeProblems", "wording: {0}"),
    QT_TRANSLATE_NOOP("NoticeProblems", "the visit time has passed"),
    QT_TRANSLATE_NOOP("NoticeProblems",
                      "less than {0} hours before the visit (lead time): call the customer "
                      "instead"),
)
_SEND_PROBLEM = re.compile(r"notice (\d+): (.*)\Z", re.DOTALL)


def send_problem(line: str, who: dict[int, str]) -> str:
    """``notice 12: why`` as "customer: why" in the interface language."""
    found = _SEND_PROBLEM.match(line)
    if not found:
        return line
    notice_id, reason = int(found.group(1)), found.group(2)
    name = who.get(notice_id) or QCoreApplication.translate(
        "NoticeTexts", "Notice {0}").format(notice_id)
    state = _pattern(SEND_TEMPLATES[1]).match(reason)
    if state and state.group(1) in {s.value for s in NoticeStatus}:
        text = QCoreApplication.translate("NoticeProblems", SEND_TEMPLATES[1]).format(
            status_name(NoticeStatus(state.group(1))))
    else:
        text = known_text(reason, SEND_TEMPLATES)
    return f"{name}: {text}"


#: Refusals of the notices core (``hvdesk.notices``), with ``{0}``… for the variable parts.
CORE_TEMPLATES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("NoticeMessages", "the signature is the company name, 2 to 20 characters"),
    QT_TRANSLATE_NOOP("NoticeMessages", "the gateway is one of {0}"),
    QT_TRANSLATE_NOOP("NoticeMessages", "the gateway URL must start with https://"),
    QT_TRANSLATE_NOOP("NoticeMessages", "the gateway URL has no host"),
    QT_TRANSLATE_NOOP("NoticeMessages", "the http gateway needs its URL"),
    QT_TRANSLATE_NOOP("NoticeMessages", "a forbidden word is at most 30 characters"),
    QT_TRANSLATE_NOOP("NoticeMessages",
                      "no system keyring to keep the SMS gateway token in: set {0} instead"),
    QT_TRANSLATE_NOOP("NoticeMessages", "the system keyring refused the token ({0})"),
    QT_TRANSLATE_NOOP("NoticeMessages", "no outbox folder set: choose one in the notice settings"),
    QT_TRANSLATE_NOOP("NoticeMessages", "no gateway URL set: enter it in the notice settings"),
    QT_TRANSLATE_NOOP("NoticeMessages",
                      "no token for the SMS gateway: store it in the notice settings"),
    QT_TRANSLATE_NOOP("NoticeMessages",
                      "another desk is sending these notices right now; reload the notices"),
    QT_TRANSLATE_NOOP("NoticeMessages",
                      "the send results could not be saved (the visits keep changing); send "
                      "again: nothing goes out twice"),
    QT_TRANSLATE_NOOP("NoticeMessages", "only a draft can be edited; this notice is {0}"),
    QT_TRANSLATE_NOOP("NoticeMessages", "the message is empty"),
    QT_TRANSLATE_NOOP("NoticeMessages", "the message is longer than {0} characters"),
    QT_TRANSLATE_NOOP("NoticeMessages", "a {0} notice cannot be cancelled: it has gone out"),
    QT_TRANSLATE_NOOP("NoticeMessages",
                      "notice {0} was changed on another desk; reload the notices"),
    QT_TRANSLATE_NOOP("NoticeMessages", "cannot read {0}: {1}"),
    QT_TRANSLATE_NOOP("NoticeMessages", "{0} needs the columns id and status"),
    QT_TRANSLATE_NOOP("NoticeMessages", "{0} is not valid JSON"),
    QT_TRANSLATE_NOOP("NoticeMessages", "{0} must hold a list of receipts"),
    QT_TRANSLATE_NOOP("NoticeMessages",
                      "{0}, entry {1}: status must be delivered, failed or reply"),
    QT_TRANSLATE_NOOP("NoticeMessages", "{0}, entry {1}: bad time"),
)


def core_error(exc: HvdeskError) -> str:
    """A refusal of the notices core in the interface language (else the shell's wording)."""
    message = str(exc)
    for template in CORE_TEMPLATES:
        found = _pattern(template).match(message)
        if found:
            return QCoreApplication.translate("NoticeMessages", template).format(*found.groups())
    return error_text(exc)


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{\d\}", template)
    return re.compile("(.+?)".join(re.escape(p) for p in parts) + r"\Z", re.DOTALL)


def known_text(message: str, templates: tuple[str, ...] | list[str]) -> str:
    """``message`` translated by the first template it matches, variable parts kept."""
    for template in templates:
        found = _pattern(template).match(message)
        if found:
            return QCoreApplication.translate("NoticeProblems", template).format(*found.groups())
    return message


def status_name(status: NoticeStatus) -> str:
    return QCoreApplication.translate(_CTX, STATUS_NAMES.get(status, status.value))


def kind_name(kind: NoticeKind) -> str:
    return QCoreApplication.translate(_CTX, KIND_NAMES.get(kind, kind.value))


def problem_text(problem: WordingProblem) -> str:
    template = PROBLEM_TEMPLATES.get(problem.code)
    return known_text(problem.message, [template]) if template else problem.message


def skip_text(reason: str) -> str:
    found = _pattern(SKIP_TEMPLATES[1]).match(reason)
    if found:
        # The kind and the visit status by their display names, not the core's identifiers.
        kind, status = found.groups()
        try:
            names = kind_name(NoticeKind(kind)), visit_status_name(
                VisitStatus(status.replace(" ", "_")))
        except ValueError:
            return reason
        return QCoreApplication.translate("NoticeProblems", SKIP_TEMPLATES[1]).format(*names)
    return known_text(reason, SKIP_TEMPLATES)


def length_text(chars: int, segments: int) -> str:
    return QCoreApplication.translate(
        "NoticeTexts", "{0} chars · {1} SMS parts").format(chars, segments)


def send_summary_text(summary: SendSummary) -> str:
    return QCoreApplication.translate(
        "NoticeTexts", "Sent {0}, queued {1} (outside the SMS hours), failed {2}, skipped {3}."
    ).format(summary.sent, summary.queued, summary.failed, summary.skipped)


def receipt_summary_text(summary: ReceiptSummary) -> str:
    return QCoreApplication.translate(
        "NoticeTexts",
        "Receipts imported: {0} delivered, {1} failed, {2} visits confirmed, "
        "{3} replies to look at, {4} unknown lines.",
    ).format(summary.delivered, summary.failed, summary.confirmed, summary.flagged,
             summary.unknown)
