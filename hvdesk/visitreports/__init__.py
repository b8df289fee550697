"""Visit reports: entry, review and approval, promises to pay, feedback, costs, dashboard.

The public API for the UI and the CLI. Every function takes a SQLAlchemy
``Session`` (the caller's unit of work; commit after the call), the acting
:class:`~hvdesk.services.context.Actor` and plain values, checks the
permission, enforces the rules, leaves an audit trail, and returns frozen
dataclasses from :mod:`hvdesk.visitreports.data`. Refusals raise
:class:`~hvdesk.errors.HvdeskError` subclasses: ``PermissionDenied``,
``NotFound``, ``StaleEdit`` (pass ``lock_version`` back as
``expected_version``), ``ValidationError``, :class:`ReportInvalid` (submit with
missing fields; ``field_errors``) and :class:`ReportRefused` (a workflow step
not allowed now, e.g. approving your own visit's report).

Workflow: ``open_report`` (draft) -> ``save_draft`` (autosave, no checks) ->
``submit`` -> ``approve`` | ``return_report`` (comment) -> ``save_draft`` ->
``submit`` ...; ``amend`` opens revision n+1 of an approved report as a
draft, keeping the approved one in ``history``.
"""

from hvdesk.visitreports.attachments import (
    MAX_BYTES,
    MAX_PER_REPORT,
    add_attachment,
    attachment_content,
    remove_attachment,
)
from hvdesk.visitreports.costs import cost_defaults, get_cost, save_cost, save_cost_defaults
from hvdesk.visitreports.dashboard import dashboard
from hvdesk.visitreports.dashboard_xlsx import export_dashboard_xlsx
from hvdesk.visitreports.data import (
    CONDUCT_ITEMS,
    FEEDBACK_CHANNELS,
    PROMISE_STATUSES,
    AttachmentView,
    ComplaintStatus,
    ComplaintView,
    CostDefaults,
    CostView,
    Dashboard,
    DashboardGroup,
    DashboardRow,
    FeedbackChannel,
    FeedbackView,
    FollowUpItem,
    ImportSummary,
    IncomeSource,
    OtherDebt,
    PersonPresent,
    PromiseStatus,
    PromiseView,
    QueueItem,
    RepaymentView,
    ReportData,
    ReportEvent,
    ReportInvalid,
    ReportRefused,
    ReportView,
    RevisionView,
)
from hvdesk.visitreports.feedback import (
    complaint_cases,
    feedback_for_visit,
    parse_sms_reply,
    record_feedback,
    resolve_complaint,
)
from hvdesk.visitreports.promises import (
    customers_due_follow_up,
    import_repayments,
    promises,
    record_repayment,
    refresh_promises,
)
from hvdesk.visitreports.queue import review_queue
from hvdesk.visitreports.requirements import field_errors, required_fields
from hvdesk.visitreports.service import (
    ReportState,
    amend,
    approve,
    get_report,
    history,
    open_report,
    report_for_visit,
    report_states,
    return_report,
    save_draft,
    submit,
    undo_approval,
)

__all__ = [
    "CONDUCT_ITEMS",
    "FEEDBACK_CHANNELS",
    "MAX_BYTES",
    "MAX_PER_REPORT",
    "PROMISE_STATUSES",
    "AttachmentView",
    "ComplaintStatus",
    "ComplaintView",
    "CostDefaults",
    "CostView",
    "Dashboard",
    "DashboardGroup",
    "DashboardRow",
    "FeedbackChannel",
    "FeedbackView",
    "FollowUpItem",
    "ImportSummary",
    "IncomeSource",
    "OtherDebt",
    "PersonPresent",
    "PromiseStatus",
    "PromiseView",
    "QueueItem",
    "RepaymentView",
    "ReportData",
    "ReportEvent",
    "ReportInvalid",
    "ReportRefused",
    "ReportState",
    "ReportView",
    "RevisionView",
    "add_attachment",
    "amend",
    "approve",
    "attachment_content",
    "complaint_cases",
    "cost_defaults",
    "customers_due_follow_up",
    "dashboard",
    "export_dashboard_xlsx",
    "feedback_for_visit",
    "field_errors",
    "get_cost",
    "get_report",
    "history",
    "import_repayments",
    "open_report",
    "parse_sms_reply",
    "promises",
    "record_feedback",
    "record_repayment",
    "refresh_promises",
    "remove_attachment",
    "report_for_visit",
    "report_states",
    "required_fields",
    "resolve_complaint",
    "return_report",
    "review_queue",
    "save_cost",
    "save_cost_defaults",
    "save_draft",
    "submit",
    "undo_approval",
]
