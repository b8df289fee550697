"""What the audit page calls the actions, records and actors the core writes.

The trail stores English identifiers (``sign_out``, ``report.approved``,
``promise_to_pay``); this is the one table of their names on screen. Every
action and record kind the core writes has an entry (tests/test_audit_labels.py
reads the code for them); an unknown one still shows, as its identifier.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.labels import QT_TRANSLATE_NOOP

AUDIT_ACTIONS: dict[str, str] = {
    # Signing in and out
    "sign_in": QT_TRANSLATE_NOOP("AuditActions", "Signed in"),
    "sign_out": QT_TRANSLATE_NOOP("AuditActions", "Signed out"),
    "sign_in_failed": QT_TRANSLATE_NOOP("AuditActions", "Wrong password"),
    "sign_in_locked": QT_TRANSLATE_NOOP("AuditActions", "Sign-in locked"),
    "sign_in_refused": QT_TRANSLATE_NOOP("AuditActions", "Sign-in refused (locked)"),
    "unlock": QT_TRANSLATE_NOOP("AuditActions", "Sign-in unlocked"),
    "session_start": QT_TRANSLATE_NOOP("AuditActions", "Command-line session started"),
    "session_end": QT_TRANSLATE_NOOP("AuditActions", "Command-line session ended"),
    # Every audited row, recorded when a session flushes
    "create": QT_TRANSLATE_NOOP("AuditActions", "Created"),
    "update": QT_TRANSLATE_NOOP("AuditActions", "Changed"),
    "status": QT_TRANSLATE_NOOP("AuditActions", "Status changed"),
    "delete": QT_TRANSLATE_NOOP("AuditActions", "Deleted"),
    # Personal data and documents
    "view": QT_TRANSLATE_NOOP("AuditActions", "Viewed"),
    "view_full": QT_TRANSLATE_NOOP("AuditActions", "Viewed full personal data"),
    "export": QT_TRANSLATE_NOOP("AuditActions", "Exported"),
    "print": QT_TRANSLATE_NOOP("AuditActions", "Printed"),
    "generate": QT_TRANSLATE_NOOP("AuditActions", "Document generated"),
    "import": QT_TRANSLATE_NOOP("AuditActions", "Imported"),
    "subject_export": QT_TRANSLATE_NOOP("AuditActions", "Personal data handed to the customer"),
    "correction": QT_TRANSLATE_NOOP("AuditActions", "Personal data corrected"),
    "anonymise": QT_TRANSLATE_NOOP("AuditActions", "Anonymised"),
    "retention_run": QT_TRANSLATE_NOOP("AuditActions", "Retention clean-up run"),
    "retention_dry_run": QT_TRANSLATE_NOOP("AuditActions", "Retention clean-up tried (no change)"),
    # Visits and customers
    "do_not_visit": QT_TRANSLATE_NOOP("AuditActions", "Do-not-visit changed"),
    "override": QT_TRANSLATE_NOOP("AuditActions", "Scheduling rule overridden"),
    "geocode": QT_TRANSLATE_NOOP("AuditActions", "Addresses placed on the map"),
    "priorities_refresh": QT_TRANSLATE_NOOP("AuditActions", "Visit priorities recalculated"),
    "backtest": QT_TRANSLATE_NOOP("AuditActions", "Priority model back-tested"),
    # Notices
    "notice_send": QT_TRANSLATE_NOOP("AuditActions", "Notices sent"),
    "notice_cancel": QT_TRANSLATE_NOOP("AuditActions", "Notice cancelled"),
    "notice_followup": QT_TRANSLATE_NOOP("AuditActions", "Notice followed up"),
    "notice_receipts": QT_TRANSLATE_NOOP("AuditActions", "Delivery receipts imported"),
    "settings": QT_TRANSLATE_NOOP("AuditActions", "Settings changed"),
    # Visit reports (report.<step>)
    "report.created": QT_TRANSLATE_NOOP("AuditActions", "Report started"),
    "report.submitted": QT_TRANSLATE_NOOP("AuditActions", "Report submitted"),
    "report.resubmitted": QT_TRANSLATE_NOOP("AuditActions", "Report resubmitted"),
    "report.returned": QT_TRANSLATE_NOOP("AuditActions", "Report returned"),
    "report.approved": QT_TRANSLATE_NOOP("AuditActions", "Report approved"),
    "report.approval_undone": QT_TRANSLATE_NOOP("AuditActions", "Report approval undone"),
    "report.amended": QT_TRANSLATE_NOOP("AuditActions", "Report amended"),
    "complaint.open": QT_TRANSLATE_NOOP("AuditActions", "Complaint registered"),
    "complaint.resolve": QT_TRANSLATE_NOOP("AuditActions", "Complaint resolved"),
    # The database, its key and its trail
    "demo": QT_TRANSLATE_NOOP("AuditActions", "Demo data generated"),
    "backup": QT_TRANSLATE_NOOP("AuditActions", "Backed up"),
    "reset_password": QT_TRANSLATE_NOOP("AuditActions", "Password reset"),
    "restore": QT_TRANSLATE_NOOP("AuditActions", "Restored from a backup"),
    "bind": QT_TRANSLATE_NOOP("AuditActions", "Data key bound"),
    "rotate_start": QT_TRANSLATE_NOOP("AuditActions", "Data key change started"),
    "rotate": QT_TRANSLATE_NOOP("AuditActions", "Data key changed"),
    "verify": QT_TRANSLATE_NOOP("AuditActions", "Audit trail verified"),
    "anchor": QT_TRANSLATE_NOOP("AuditActions", "Audit trail anchored"),
}

RECORD_KINDS: dict[str, str] = {
    "app_user": QT_TRANSLATE_NOOP("RecordKinds", "User"),
    "branch": QT_TRANSLATE_NOOP("RecordKinds", "Branch"),
    "customer": QT_TRANSLATE_NOOP("RecordKinds", "Customer"),
    "customer_note": QT_TRANSLATE_NOOP("RecordKinds", "Customer note"),
    "customer_search": QT_TRANSLATE_NOOP("RecordKinds", "Customer search key"),
    "correction_request": QT_TRANSLATE_NOOP("RecordKinds", "Correction request"),
    "loan_account": QT_TRANSLATE_NOOP("RecordKinds", "Loan account"),
    "repayment": QT_TRANSLATE_NOOP("RecordKinds", "Repayment"),
    "promise_to_pay": QT_TRANSLATE_NOOP("RecordKinds", "Promise to pay"),
    "complaint_case": QT_TRANSLATE_NOOP("RecordKinds", "Complaint"),
    "visit": QT_TRANSLATE_NOOP("RecordKinds", "Visit"),
    "visit_member": QT_TRANSLATE_NOOP("RecordKinds", "Visit member"),
    "visit_booking": QT_TRANSLATE_NOOP("RecordKinds", "Visitor booking"),
    "visit_consent": QT_TRANSLATE_NOOP("RecordKinds", "Visit consent"),
    "visit_flag": QT_TRANSLATE_NOOP("RecordKinds", "Visit flag"),
    "visitor_leave": QT_TRANSLATE_NOOP("RecordKinds", "Visitor leave"),
    "notice": QT_TRANSLATE_NOOP("RecordKinds", "Notice"),
    "notice_settings": QT_TRANSLATE_NOOP("RecordKinds", "Notice settings"),
    "visit_report": QT_TRANSLATE_NOOP("RecordKinds", "Visit report"),
    "report_event": QT_TRANSLATE_NOOP("RecordKinds", "Report step"),
    "report_revision": QT_TRANSLATE_NOOP("RecordKinds", "Report revision"),
    "report_attachment": QT_TRANSLATE_NOOP("RecordKinds", "Report attachment"),
    "feedback": QT_TRANSLATE_NOOP("RecordKinds", "Feedback"),
    "visit_cost": QT_TRANSLATE_NOOP("RecordKinds", "Visit cost"),
    "cost_setting": QT_TRANSLATE_NOOP("RecordKinds", "Cost setting"),
    "saved_filter": QT_TRANSLATE_NOOP("RecordKinds", "Saved filter"),
    "geocode_cache": QT_TRANSLATE_NOOP("RecordKinds", "Geocoding cache"),
    "change_log": QT_TRANSLATE_NOOP("RecordKinds", "Change log"),
    "cli_session": QT_TRANSLATE_NOOP("RecordKinds", "Command-line session"),
    "dashboard": QT_TRANSLATE_NOOP("RecordKinds", "Dashboard"),
    "data_key": QT_TRANSLATE_NOOP("RecordKinds", "Data key"),
    "daily_backup": QT_TRANSLATE_NOOP("RecordKinds", "Daily backup"),
    "map_cell": QT_TRANSLATE_NOOP("RecordKinds", "Map counts"),
    "database": QT_TRANSLATE_NOOP("RecordKinds", "Database"),
    "document": QT_TRANSLATE_NOOP("RecordKinds", "Document"),
    "import_rejected": QT_TRANSLATE_NOOP("RecordKinds", "Rejected import rows"),
    "priorities": QT_TRANSLATE_NOOP("RecordKinds", "Visit priorities"),
    "priorities_backtest": QT_TRANSLATE_NOOP("RecordKinds", "Priority back-test"),
    "audit_event": QT_TRANSLATE_NOOP("RecordKinds", "Audit trail"),
}

#: Actors and desks that are not people or computers: the program itself.
SYSTEM_NAMES: dict[str, str] = {
    "system": QT_TRANSLATE_NOOP("AuditActors", "System"),
}


def action_name(action: str) -> str:
    return QCoreApplication.translate("AuditActions", AUDIT_ACTIONS.get(action, action))


def record_kind(entity: str) -> str:
    return QCoreApplication.translate("RecordKinds", RECORD_KINDS.get(entity, entity))


def system_name(name: str) -> str:
    """The program's own actor and desk by name; any other login or desk as it is."""
    source = SYSTEM_NAMES.get(name)
    return QCoreApplication.translate("AuditActors", source) if source else name
