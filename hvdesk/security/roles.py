"""Roles and what each may do. One table, checked by every service."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    VISITOR = "visitor"
    REVIEWER = "reviewer"
    MANAGER = "manager"


class Permission(enum.StrEnum):
    CUSTOMER_VIEW = "customer.view"
    CUSTOMER_EDIT = "customer.edit"
    #: Seeing a full ID or phone number without giving a reason.
    PII_FULL_VIEW = "pii.full_view"
    #: Asking for a full view with a written reason (audited like the above).
    PII_FULL_VIEW_WITH_REASON = "pii.full_view_with_reason"
    VISIT_SCHEDULE = "visit.schedule"
    NOTICE_SEND = "notice.send"
    REPORT_WRITE = "report.write"
    REPORT_REVIEW = "report.review"
    DASHBOARD_VIEW = "dashboard.view"
    OVERRIDE_RULE = "rule.override"
    USER_MANAGE = "user.manage"
    SETTINGS_MANAGE = "settings.manage"
    KEY_MANAGE = "key.manage"
    DATA_IMPORT = "data.import"
    DATA_EXPORT = "data.export"
    PRINT = "print"
    AUDIT_VIEW = "audit.view"


P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.COORDINATOR: frozenset(
        {
            P.CUSTOMER_VIEW, P.CUSTOMER_EDIT, P.PII_FULL_VIEW, P.PII_FULL_VIEW_WITH_REASON,
            P.VISIT_SCHEDULE, P.NOTICE_SEND, P.DATA_IMPORT, P.DATA_EXPORT, P.PRINT,
            # Issue 5: a coordinator may override a soft scheduling rule with a
            # written reason (audited); hard rules stay closed to every role.
            P.OVERRIDE_RULE,
        }
    ),
    Role.VISITOR: frozenset(
        {P.CUSTOMER_VIEW, P.PII_FULL_VIEW_WITH_REASON, P.REPORT_WRITE, P.PRINT}
    ),
    Role.REVIEWER: frozenset(
        {P.CUSTOMER_VIEW, P.PII_FULL_VIEW_WITH_REASON, P.REPORT_REVIEW, P.PRINT}
    ),
    Role.MANAGER: frozenset(
        {
            P.CUSTOMER_VIEW, P.PII_FULL_VIEW, P.PII_FULL_VIEW_WITH_REASON, P.DASHBOARD_VIEW,
            P.OVERRIDE_RULE, P.DATA_EXPORT, P.PRINT, P.AUDIT_VIEW,
        }
    ),
}


def has_permission(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
