"""What each app role may do to each table on a shared PostgreSQL server.

One mapping from the permissions of :mod:`hvdesk.security.roles` to table
privileges, read by ``hvdesk db init-server``. The services still check every
permission in Python; these grants are the floor a desk cannot go below even
with its own SQL console. Rows are kept apart by branch with row-level
security (see :mod:`hvdesk.security.pg_setup`), not here.
"""

from __future__ import annotations

from collections.abc import Mapping

from hvdesk.security.roles import ROLE_PERMISSIONS, Permission, Role

Privileges = Mapping[str, frozenset[str]]

R = frozenset({"SELECT"})
RW = frozenset({"INSERT", "UPDATE"})
RWD = frozenset({"INSERT", "UPDATE", "DELETE"})

#: Columns that hold ciphertexts: SELECT only with ``pii.full_view``; other
#: roles go through the auditing function ``hvdesk_reveal``.
ENCRYPTED_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "customer": ("id_enc", "phone_enc"),
    "notice": ("phone_enc",),
}

#: Columns no app role may SELECT: password hashes (a desk checks its own
#: user's through ``hvdesk_own_password_hash``; writing a new one is allowed).
HIDDEN_COLUMNS: Mapping[str, tuple[str, ...]] = {"app_user": ("password_hash",)}

#: ``db_meta`` keys only the owner writes (the database's identity, its role prefix).
META_OWNER_KEYS = ("database_id", "pg_role_prefix")
#: ``db_meta`` keys a branch role may write (``hvdesk.notices.settings.META_PREFIX``);
#: admins write any key but the owner's.
META_SHARED_PREFIXES = ("notice_settings.",)

#: The trail is append-only for every app role; reading it is ``audit.view``.
AUDIT_TABLE = "audit_event"
#: Tables no app role touches: the audit chain's lock row is written by the
#: chain trigger, which runs with the owner's rights.
OWNER_ONLY_TABLES = ("audit_chain_lock",)

#: What any signed-in user needs to use the app at all: reading the working
#: tables (row-level security narrows them to the branch) and the few writes
#: every role makes (own saved filters, notes, geocoding cache).
BASE: Privileges = {
    "branch": R,
    "db_meta": R,
    "app_user": R,
    "geocode_cache": R | RW,
    "cost_setting": R,
    "customer": R,
    # The search terms of a customer (rows follow the customer's branch).
    "customer_search": R,
    # The map's counts per grid cell (written by a trigger with the owner's rights).
    "map_cell": R,
    "loan_account": R,
    "customer_note": R | {"INSERT"},
    "saved_filter": R | RWD,
    # ``hvdesk login`` sessions: each user starts, resumes and ends their own.
    "cli_session": R | RWD,
    # Consent to a visit in the quiet hours, and corrections at a customer's request.
    "visit_consent": R,
    "correction_request": R,
    "visit": R,
    "visit_member": R,
    "visit_booking": R,
    "visitor_leave": R,
    "notice": R,
    "visit_report": R,
    "report_revision": R,
    "report_event": R,
    "report_attachment": R,
    "promise_to_pay": R,
    "repayment": R,
    "feedback": R,
    "complaint_case": R,
    "visit_cost": R,
    # What each commit changed (table names and ids): every desk writes its own commits'
    # rows, reads everyone's, and prunes old ones (row-level security: old ones only).
    "change_log": R | {"INSERT", "DELETE"},
    # Proof-of-visit flags, made when a report is submitted (issue 20).
    "visit_flag": R,
}

#: Writes each permission brings, beyond :data:`BASE`.
PERMISSION_PRIVILEGES: Mapping[Permission, Privileges] = {
    Permission.CUSTOMER_EDIT: {"customer": RW, "customer_search": RWD, "loan_account": RWD,
                               "correction_request": frozenset({"INSERT"})},
    Permission.DATA_IMPORT: {"customer": RW, "customer_search": RWD, "loan_account": RWD},
    Permission.VISIT_SCHEDULE: {
        "visit": RWD, "visit_member": RWD, "visit_booking": RWD, "visitor_leave": RWD,
        # Moving or cancelling a visit cancels its pending notices.
        "notice": RW,
    },
    # Notice settings live in db_meta (row-level security: their keys only).
    Permission.NOTICE_SEND: {"notice": RW, "visit": frozenset({"UPDATE"}), "feedback": RW,
                             "db_meta": RWD},
    Permission.REPORT_WRITE: {
        "visit_report": RW, "report_revision": RW, "report_event": frozenset({"INSERT"}),
        "report_attachment": RWD, "promise_to_pay": RW, "visit_cost": RW, "feedback": RW,
        "complaint_case": RW, "visit_flag": RWD,
        # Starting and completing a visit moves its status.
        "visit": frozenset({"UPDATE"}), "visit_booking": RWD,
    },
    Permission.REPORT_REVIEW: {
        "visit_report": frozenset({"UPDATE"}), "report_revision": RW,
        "report_event": frozenset({"INSERT"}), "promise_to_pay": frozenset({"UPDATE"}),
        "complaint_case": RW,
    },
    Permission.DASHBOARD_VIEW: {
        "complaint_case": RW, "feedback": RW, "repayment": RW, "visit_cost": RW,
        "promise_to_pay": frozenset({"UPDATE"}),
    },
    # Lifting the quiet hours records the customer's consent first.
    Permission.OVERRIDE_RULE: {"visit_consent": frozenset({"INSERT"})},
    Permission.USER_MANAGE: {"app_user": RW},
    Permission.SETTINGS_MANAGE: {"branch": RW, "cost_setting": RWD, "db_meta": RWD},
    # Re-encrypting under a new key rewrites every ciphertext.
    Permission.KEY_MANAGE: {"db_meta": RWD, "customer": frozenset({"UPDATE"}),
                            "notice": frozenset({"UPDATE"})},
}


def table_privileges(role: Role) -> dict[str, frozenset[str]]:
    """Table -> privileges of one app role (SELECT on ciphertexts is handled apart)."""
    merged: dict[str, set[str]] = {table: set(privs) for table, privs in BASE.items()}
    for permission in sorted(ROLE_PERMISSIONS[role]):
        for table, privs in PERMISSION_PRIVILEGES.get(permission, {}).items():
            merged.setdefault(table, set()).update(privs)
    return {table: frozenset(privs) for table, privs in merged.items()}


def reads_ciphertexts(role: Role) -> bool:
    return Permission.PII_FULL_VIEW in ROLE_PERMISSIONS[role]


def may_reveal(role: Role) -> bool:
    """Roles the server's ``hvdesk_reveal`` serves (with a reason)."""
    perms = ROLE_PERMISSIONS[role]
    return Permission.PII_FULL_VIEW in perms or Permission.PII_FULL_VIEW_WITH_REASON in perms


def reads_audit(role: Role) -> bool:
    return Permission.AUDIT_VIEW in ROLE_PERMISSIONS[role]


def manages_users(role: Role) -> bool:
    return Permission.USER_MANAGE in ROLE_PERMISSIONS[role]


def sees_all_branches(role: Role) -> bool:
    """The role table: every role is tied to one branch unless admin."""
    return role is Role.ADMIN
