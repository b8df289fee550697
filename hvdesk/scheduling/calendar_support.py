"""The calendar's smaller reads: auto-plan's proposals as blocks, an export's team.

Plain values for the calendar screen (it runs them on a worker); each reads
the actor's own branch only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hvdesk.model import Customer, User, VisitStatus
from hvdesk.scheduling.autoplan import AutoPlan, ProposedVisit
from hvdesk.scheduling.calendar_query import VisitBlock, branch_info
from hvdesk.scheduling.create_many import shown_name
from hvdesk.security import scope
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from hvdesk.services.customer_list import district_label


def team_logins(session: Session, actor: Actor, member_ids: Sequence[int]) -> list[str]:
    """The logins of a team of the actor's branch (an export's team filter)."""
    actor.require(Permission.CUSTOMER_VIEW)
    if not member_ids:
        return []
    return list(
        session.scalars(
            select(User.login).where(
                User.id.in_(list(member_ids)), scope.branch_filter(actor, User.branch_id)
            )
        )
    )


@dataclass(frozen=True, slots=True)
class Ghosts:
    """Auto-plan's proposals drawn as visits (negative ids), and who was not placed."""

    blocks: tuple[VisitBlock, ...]
    #: Proposal behind each ghost, by the ghost's id.
    payload: dict[int, ProposedVisit]
    #: (who, the planner's reasons in English; the screen translates them).
    unplaced: tuple[tuple[str, tuple[str, ...]], ...]


def ghosts(session: Session, actor: Actor, plan: AutoPlan) -> Ghosts:
    """``plan`` as blocks the calendar can draw, names as the actor may see them."""
    actor.require(Permission.VISIT_SCHEDULE)
    wanted = {p.customer_id for p in plan.proposals} | {u.customer_id for u in plan.unplanned}
    people = {
        r.id: r
        for r in session.execute(
            select(
                Customer.id,
                Customer.name,
                Customer.registered_adcode,
                Customer.latitude,
                Customer.longitude,
            ).where(Customer.id.in_(wanted), scope.branch_filter(actor, Customer.branch_id))
        )
    }
    members = {m for p in plan.proposals for m in p.member_ids}
    names = {
        r.id: r.display_name
        for r in session.execute(
            select(User.id, User.display_name).where(
                User.id.in_(members), scope.branch_filter(actor, User.branch_id)
            )
        )
    }
    zone = branch_info(session, actor).tz
    blocks: list[VisitBlock] = []
    payload: dict[int, ProposedVisit] = {}
    for k, p in enumerate(plan.proposals, start=1):
        row = people.get(p.customer_id)
        ghost = VisitBlock(
            id=-k,
            customer_id=p.customer_id,
            start=p.start.astimezone(zone),
            end=p.end.astimezone(zone),
            member_ids=p.member_ids,
            member_names=tuple(names.get(m, str(m)) for m in p.member_ids),
            customer=shown_name(actor, row.name) if row else str(p.customer_id),
            district=district_label(row.registered_adcode) if row else "",
            purpose=p.purpose,
            status=VisitStatus.PLANNED,
            version=0,
            route_order=p.route_order,
            latitude=row.latitude if row else None,
            longitude=row.longitude if row else None,
        )
        blocks.append(ghost)
        payload[ghost.id] = p
    unplaced = []
    for u in plan.unplanned:
        row = people.get(u.customer_id)
        who = shown_name(actor, row.name) if row else str(u.customer_id)
        unplaced.append((who, tuple(u.reasons)))
    return Ghosts(tuple(blocks), payload, tuple(unplaced))
