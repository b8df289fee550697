"""Data for printed documents (briefing pack, visit report, schedules).

Core services: they check ``Permission.PRINT`` and the actor's branch and
return frozen dataclasses (:mod:`hvdesk.documents.model`); the PDF layer
(``reports/``) renders them and calls :func:`record_output` to audit each
print or save. No Qt and no reportlab here.
"""

from hvdesk.documents.common import record_output
from hvdesk.documents.visit_report import ReportNotApproved

__all__ = ["ReportNotApproved", "record_output"]
