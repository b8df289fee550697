"""Whose data an actor may touch: the one place for branch and team scope.

The rule (domain.md, "Who sees what"; issue 14 part 2):

- **admin**: every branch (an admin belongs to no branch).
- **coordinator, manager**: the customers, visits, reports and notices of their own branch.
- **reviewer**: the reports of their branch, and the customers of those reports.
- **visitor**: the visits he is a member of (planned or done, not cancelled), their reports,
  briefings and attachments, and the customers of those visits; nothing else of his branch.
- anyone else, or a non-admin with no branch: nothing.

Refusals raise :class:`PermissionDenied`, never ``NotFound``: a record id is a
counter, not a secret, and "belongs to another branch" tells the user to ask
that branch instead of searching for a typo. The message never shows any field
of the refused record. A missing record is still ``NotFound``.

Services call ``require_*`` for one object and the ``*_filter`` helpers for
lists; the PostgreSQL row-level security (``pgroles``) enforces the branch part
again on the server.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, exists, false, select, true
from sqlalchemy.orm import Session, aliased

from hvdesk.errors import NotFound, PermissionDenied
from hvdesk.messages import Msg, msg
from hvdesk.model import Customer, User, Visit, VisitMember, VisitReport, VisitStatus
from hvdesk.security.roles import Role
from hvdesk.services.context import Actor

#: Visits that still count as "his own visits" for a visitor (planned or done).
_LIVE_FOR_MEMBER = tuple(s for s in VisitStatus if s is not VisitStatus.CANCELLED)


def all_branches(actor: Actor) -> bool:
    return actor.role is Role.ADMIN


def branch_of(actor: Actor) -> int | None:
    """The one branch the actor works in; None for an admin (all branches).

    A non-admin with no branch is refused here, so that no caller mistakes
    "no branch" for "every branch".
    """
    if all_branches(actor):
        return None
    if actor.branch_id is None:
        raise PermissionDenied(
            msg("security.scope.login_role_belongs",
                    "{login} ({role}) belongs to no branch: ask an admin to set one",
                    login=actor.login, role=actor.role.value)
        )
    return actor.branch_id


def in_branch(actor: Actor, branch_id: int | None) -> bool:
    if all_branches(actor):
        return True
    return actor.branch_id is not None and actor.branch_id == branch_id


def require_branch(actor: Actor, branch_id: int | None, what: object = None) -> None:
    """``what``: the record refused, a :func:`what_record` or text (default "this record")."""
    if not in_branch(actor, branch_id):
        raise PermissionDenied(
            msg("security.scope.login_works_another",
                    "{login} works for another branch: {what} is not yours to open; ask a "
                    "coordinator of its branch",
                    login=actor.login,
                    what=what or msg("scope.this_record", "this record"))
        )


def what_record(kind: str, ident: object) -> Msg:
    """A record named in a refusal: ``what_record("customer", 5)`` → "customer 5" / "客户 5"."""
    return msg("scope.record", "{kind} {ident}", kind=kind, ident=ident)


def team_only(actor: Actor) -> bool:
    """Whether the role sees only its own visits (domain.md: visitors)."""
    return actor.role is Role.VISITOR


def is_member(actor: Actor, visit: Visit) -> bool:
    return actor.user_id is not None and any(m.user_id == actor.user_id for m in visit.members)


def require_visit(actor: Actor, visit: Visit) -> None:
    """Branch, and for a visitor membership of the visit's team."""
    require_branch(actor, visit.branch_id, what_record("visit", visit.id))
    if team_only(actor) and not is_member(actor, visit):
        raise PermissionDenied(
            msg("security.scope.login_may_open",
                    "{login} may open his own visits only: visit {id} is another team's",
                    login=actor.login, id=visit.id)
        )


def require_visit_scope(session: Session, actor: Actor, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(msg("documents.visit_report.visit_id_visit",
                "no visit with id {visit_id}",
                visit_id=visit_id))
    require_visit(actor, visit)
    return visit


def require_report_scope(session: Session, actor: Actor, report_id: int) -> VisitReport:
    report = session.get(VisitReport, report_id)
    if report is None:
        raise NotFound(msg("visitreports.access.visit_report_id",
                "no visit report with id {report_id}",
                report_id=report_id))
    require_visit(actor, report.visit)
    return report


def _member_visit_of(
    actor: Actor, customer_id: SQLColumnExpression[int] | int
) -> ColumnElement[bool]:
    # Aliases: the outer query may hold visits and members of its own.
    member, visit = aliased(VisitMember), aliased(Visit)
    return exists(
        select(member.visit_id)
        .join(visit, visit.id == member.visit_id)
        .where(
            member.user_id == actor.user_id,
            visit.customer_id == customer_id,
            visit.status.in_(_LIVE_FOR_MEMBER),
        )
    )


def _reported_visit_of(customer_id: SQLColumnExpression[int] | int) -> ColumnElement[bool]:
    visit, report = aliased(Visit), aliased(VisitReport)
    return exists(
        select(visit.id)
        .join(report, report.visit_id == visit.id)
        .where(visit.customer_id == customer_id)
    )


def branch_filter(actor: Actor, column: SQLColumnExpression[Any]) -> ColumnElement[bool]:
    """A WHERE term keeping the rows whose ``column`` names a branch of the actor's."""
    branch = branch_of(actor)
    return true() if branch is None else column == branch


def require_user(actor: Actor, user: User) -> None:
    """Naming a colleague (a team, a leave): only one of the actor's branch."""
    if user.branch_id is None and not all_branches(actor):
        raise PermissionDenied(msg("security.scope.login_belongs_branch",
                "{login} belongs to no branch: not yours to plan",
                login=user.login))
    if user.branch_id is not None:
        require_branch(actor, user.branch_id, what_record("user", user.login))


def customer_filter(actor: Actor) -> ColumnElement[bool]:
    """A WHERE term on ``Customer`` keeping the customers the actor may see."""
    branch = branch_of(actor)
    if branch is None:
        return true()
    term = Customer.branch_id == branch
    if actor.role is Role.VISITOR:
        if actor.user_id is None:
            return false()
        return and_(term, _member_visit_of(actor, Customer.id))
    if actor.role is Role.REVIEWER:
        return and_(term, _reported_visit_of(Customer.id))
    return term


def visit_filter(actor: Actor) -> ColumnElement[bool]:
    """A WHERE term on ``Visit`` keeping the visits the actor may see."""
    branch = branch_of(actor)
    if branch is None:
        return true()
    term = Visit.branch_id == branch
    if team_only(actor):
        if actor.user_id is None:
            return false()
        member = aliased(VisitMember)
        return and_(term, exists(select(member.visit_id).where(
            member.visit_id == Visit.id, member.user_id == actor.user_id)))
    return term


def may_see_customer(session: Session, actor: Actor, customer: Customer) -> bool:
    if not in_branch(actor, customer.branch_id):
        return False
    if actor.role is Role.VISITOR:
        return actor.user_id is not None and bool(
            session.scalar(select(_member_visit_of(actor, customer.id)))
        )
    if actor.role is Role.REVIEWER:
        return bool(session.scalar(select(_reported_visit_of(customer.id))))
    return True


def require_customer_branch(actor: Actor, branch_id: int | None) -> None:
    """A customer (to open, or to create) in a branch of the actor's."""
    if not in_branch(actor, branch_id):
        # Worded as before this module: the GUI translates it (ui/customers/file_models.py).
        raise PermissionDenied(msg("security.scope.login_may_open2",
                "{login} may not open customers of another branch",
                login=actor.login))


def require_customer(session: Session, actor: Actor, customer: Customer) -> None:
    require_customer_branch(actor, customer.branch_id)
    if not may_see_customer(session, actor, customer):
        if actor.role is Role.VISITOR:
            raise PermissionDenied(
                msg("security.scope.login_may_open4",
                        "{login} may open the customers of his own visits only: customer {id} "
                        "is not on one of them",
                        login=actor.login, id=customer.id)
            )
        raise PermissionDenied(
            msg("security.scope.login_may_open3",
                    "{login} may open the customers of reports to review only: customer {id} "
                    "has no visit report",
                    login=actor.login, id=customer.id)
        )


def require_customer_scope(session: Session, actor: Actor, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(msg("rights.scope.customer_id_customer",
                "no customer with id {customer_id}",
                customer_id=customer_id))
    require_customer(session, actor, customer)
    return customer


__all__ = [
    "all_branches",
    "branch_filter",
    "branch_of",
    "customer_filter",
    "in_branch",
    "is_member",
    "may_see_customer",
    "require_branch",
    "require_customer",
    "require_customer_branch",
    "require_customer_scope",
    "require_report_scope",
    "require_user",
    "require_visit",
    "require_visit_scope",
    "team_only",
    "visit_filter",
]
