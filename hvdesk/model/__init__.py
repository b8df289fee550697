"""The ORM model: one metadata for every table."""

import hvdesk.model.list_indexes  # noqa: F401  (indexes must be on the metadata)
from hvdesk.model.audit import AuditChainLock, AuditEvent
from hvdesk.model.base import Base, UTCDateTime, utcnow
from hvdesk.model.changelog import ChangeLog
from hvdesk.model.customers import Customer, CustomerNote, LoanAccount, SavedFilter
from hvdesk.model.enums import (
    Attitude,
    Housing,
    LocationPrecision,
    NoticeStatus,
    ReportOutcome,
    ReportStatus,
    VisitPurpose,
    VisitStatus,
)
from hvdesk.model.geo import GeocodeCache
from hvdesk.model.map_cells import MapCell
from hvdesk.model.org import Branch, CliSession, DbMeta, User
from hvdesk.model.proof import VisitFlag
from hvdesk.model.reports import (
    ComplaintCase,
    CostSetting,
    PromiseToPay,
    Repayment,
    ReportEventRow,
    ReportRevision,
)
from hvdesk.model.rights import ConsentMethod, CorrectionRequest, VisitConsent
from hvdesk.model.scheduling import VisitBooking, VisitorLeave
from hvdesk.model.search import CustomerSearch
from hvdesk.model.visits import (
    Feedback,
    Notice,
    ReportAttachment,
    Visit,
    VisitCost,
    VisitMember,
    VisitReport,
)
from hvdesk.security.roles import Role

__all__ = [
    "Attitude",
    "AuditChainLock",
    "AuditEvent",
    "Base",
    "Branch",
    "ChangeLog",
    "CliSession",
    "ComplaintCase",
    "ConsentMethod",
    "CorrectionRequest",
    "CostSetting",
    "Customer",
    "CustomerNote",
    "CustomerSearch",
    "DbMeta",
    "Feedback",
    "GeocodeCache",
    "Housing",
    "LoanAccount",
    "LocationPrecision",
    "MapCell",
    "Notice",
    "NoticeStatus",
    "PromiseToPay",
    "Repayment",
    "ReportAttachment",
    "ReportEventRow",
    "ReportOutcome",
    "ReportRevision",
    "ReportStatus",
    "Role",
    "SavedFilter",
    "UTCDateTime",
    "User",
    "Visit",
    "VisitBooking",
    "VisitConsent",
    "VisitCost",
    "VisitFlag",
    "VisitMember",
    "VisitPurpose",
    "VisitReport",
    "VisitStatus",
    "VisitorLeave",
    "utcnow",
]
