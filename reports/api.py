"""The PDF documents the GUI and the CLI ask for: one call per document, bytes out.

Every function gathers its data through :mod:`hvdesk.documents` (which checks
``Permission.PRINT`` and the branch) and renders it with reportlab. Producing
a document is audited as ``"generate"`` (kind, non-personal reference, page
count; no personal data); whoever then prints or saves it calls
:func:`record_output` (audited as ``"print"`` / ``"export"``), with the
reference from :func:`pack_reference` or :func:`report_reference` and the
page count from :func:`page_count`. ``invariant=True`` makes the
output byte-reproducible (fixed creation date and document id, fixed "printed
at" time) so tests can compare it page by page. The caller commits the session.

``cipher`` (optional, ``Database.cipher``): when given, the briefing pack
shows the customers' full phone numbers, which the team needs to call ahead,
where the one rule (:mod:`hvdesk.security.exposure`, ``Medium.PACK``) says so:
the coordinator and a visitor (who only gets his own team's visits); otherwise
they are masked. The audit row says which.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy.orm import Session

from hvdesk.documents import briefing, common
from hvdesk.security.crypto import FieldCipher
from hvdesk.services.context import Actor
from reports import briefing_pack as pack_doc
from reports import layout

if TYPE_CHECKING:
    from hvdesk.documents.visit_report import ReportNotApproved

__all__ = [
    "ReportNotApproved",
    "TeamRef",
    "branch_day_schedule",
    "briefing_pack",
    "pack_reference",
    "page_count",
    "record_output",
    "report_reference",
    "team_week_schedule",
    "teams_for_day",
    "visit_report_pdf",
    "week_reference",
]

def __getattr__(name: str) -> Any:
    # Loaded on first use: ``hvdesk brief`` does not import the visit reports (issue 19).
    if name == "ReportNotApproved":
        from hvdesk.documents.visit_report import ReportNotApproved  # noqa: PLC0415

        return ReportNotApproved
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_PAGE = re.compile(rb"/Type /Page\b(?!s)")


@dataclass(frozen=True)
class TeamRef:
    """One team of a day: the visits whose lead member is ``lead_id``.

    ``label`` is ready to show in a list, e.g. ``"张三 (E1023) · 4 visits"``.
    """

    lead_id: int
    label: str


def teams_for_day(session: Session, actor: Actor, day: date) -> list[TeamRef]:
    """The teams with at least one (not cancelled) visit on ``day`` in the actor's branch.

    Sorted by the lead's name. Needs ``Permission.PRINT``; reads only, audits nothing.
    """
    return [
        TeamRef(t.lead.user_id, f"{t.lead.name} ({t.lead.employee_no}) · {t.visits} visits")
        for t in briefing.teams_for_day(session, actor, day)
    ]


def briefing_pack(
    session: Session,
    actor: Actor,
    day: date,
    *,
    team_lead_id: int | None = None,
    invariant: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cipher: FieldCipher | None = None,
) -> bytes:
    """The briefing pack PDF for a team's day (or every team's, one after the other).

    ``team_lead_id`` None means every team of the day in the actor's branch.
    ``progress(done, total)`` is called as each visit section is laid out (the
    slow part), on the caller's thread, for a progress bar. Audited as a
    ``"save"`` of kind ``"briefing_pack"``; the Qt side calls :func:`record_output`
    again when it actually prints or saves the file. Raises ``NotFound`` when
    there is no visit to brief.
    ``cipher``: see the module docstring (full phone numbers).
    """
    data = briefing.gather(
        session, actor, day, team_lead_id=team_lead_id, cipher=cipher, invariant=invariant
    )
    title = f"上门走访简报 {day.isoformat()}"
    rendered = layout.render(
        pack_doc.story(data, progress), title=title, stamp=data.stamp, invariant=invariant
    )
    common.record_generated(session, actor, "briefing_pack", pack_reference(day, team_lead_id),
                            rendered.pages, visits=sum(len(t.visits) for t in data.teams),
                            full_phones=data.full_phones)
    return rendered.pdf


def branch_day_schedule(
    session: Session, actor: Actor, day: date, *, invariant: bool = False
) -> bytes:
    """The branch's schedule of one day: every team, every visit in route order (A4 portrait)."""
    from hvdesk.documents import schedules  # noqa: PLC0415 - each document loads its own modules
    from reports import schedules as schedule_doc  # noqa: PLC0415
    data = schedules.branch_day(session, actor, day, invariant=invariant)
    rendered = layout.render(
        schedule_doc.branch_day_story(data),
        title=f"网点日程 {day.isoformat()}",
        stamp=data.stamp,
        invariant=invariant,
    )
    common.record_generated(session, actor, "branch_day", day.isoformat(), rendered.pages)
    return rendered.pdf


def team_week_schedule(
    session: Session,
    actor: Actor,
    week_start: date,
    team_lead_id: int,
    *,
    invariant: bool = False,
) -> bytes:
    """A team's week (``week_start`` and the six days after it), one block per day, route order."""
    from hvdesk.documents import schedules  # noqa: PLC0415
    from reports import schedules as schedule_doc  # noqa: PLC0415
    data = schedules.team_week(session, actor, week_start, team_lead_id, invariant=invariant)
    rendered = layout.render(
        schedule_doc.team_week_story(data),
        title=f"小组周计划 {week_start.isoformat()}",
        stamp=data.stamp,
        invariant=invariant,
    )
    reference = week_reference(week_start, team_lead_id)
    common.record_generated(session, actor, "team_week", reference, rendered.pages)
    return rendered.pdf


def visit_report_pdf(
    session: Session, actor: Actor, visit_id: int, *, revision: int | None = None,
    invariant: bool = False,
) -> bytes:
    """The approved visit report of ``visit_id`` with reviewer, approval time and version.

    ``revision``: that approved revision (the report's history); None: the current one,
    or while an amendment is under way the last approved revision. Raises
    ``ReportNotApproved`` (an ``HvdeskError``) when there is no approved revision to
    print, and ``NotFound`` when the visit, its report or that revision does not exist.
    """
    from hvdesk.documents import visit_report  # noqa: PLC0415
    from reports import visit_report as report_doc  # noqa: PLC0415
    data = visit_report.gather(session, actor, visit_id, revision=revision,
                               invariant=invariant)
    rendered = layout.render(
        report_doc.story(data),
        title=f"走访报告 {visit_id} 第 {data.version} 版",
        stamp=data.stamp,
        invariant=invariant,
    )
    common.record_generated(session, actor, "visit_report", report_reference(visit_id),
                            rendered.pages)
    return rendered.pdf


def record_output(
    session: Session,
    actor: Actor,
    kind: str,
    reference: str,
    action: Literal["print", "save"],
    pages: int,
) -> None:
    """Audit that a document was printed or saved (call it after the fact).

    ``kind`` is one of ``"briefing_pack"``, ``"visit_report"``, ``"branch_day"``,
    ``"team_week"``; ``reference`` is a non-personal reference such as
    ``"2026-11-30"``, ``"2026-11-30/lead=12"`` or ``"visit=345"``. Needs
    ``Permission.PRINT``. Adds the audit row (action ``"print"`` or ``"export"``)
    to the session; the caller commits.
    """
    common.record_output(session, actor, kind, reference, action, pages)


def pack_reference(day: date, team_lead_id: int | None = None) -> str:
    """The audit reference of a briefing pack: ``"2026-11-30"`` or ``"2026-11-30/lead=12"``."""
    return common.pack_reference(day, team_lead_id)


def report_reference(visit_id: int) -> str:
    """The audit reference of a visit report: ``"visit=345"``."""
    return common.report_reference(visit_id)


def week_reference(week_start: date, team_lead_id: int) -> str:
    """The audit reference of a team's week: ``"2026-11-30/lead=12"``."""
    return common.pack_reference(week_start, team_lead_id)


def page_count(pdf: bytes) -> int:
    """Pages of a PDF made here (reportlab writes every page object uncompressed)."""
    return len(_PAGE.findall(pdf))
