"""Data for printed documents (briefing pack, visit report, schedules).

Core services: they check ``Permission.PRINT`` and the actor's branch and
return frozen dataclasses (:mod:`hvdesk.documents.model`); the PDF layer
(``reports/``) renders them and calls :func:`record_output` to audit each
print or save. No Qt and no reportlab here.

The names below load on first use: ``hvdesk brief`` imports the briefing
modules, not the visit reports' (issue 19, each command imports what it uses).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hvdesk.documents.common import record_output
    from hvdesk.documents.visit_report import ReportNotApproved

__all__ = ["ReportNotApproved", "record_output"]


def __getattr__(name: str) -> Any:
    if name == "ReportNotApproved":
        from hvdesk.documents.visit_report import ReportNotApproved  # noqa: PLC0415

        return ReportNotApproved
    if name == "record_output":
        from hvdesk.documents.common import record_output  # noqa: PLC0415

        return record_output
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
