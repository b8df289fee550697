"""The calendar's backend over :mod:`hvdesk.scheduling`: one session per user action.

Reads run on the worker that calls them (each opens its own session); writes
are one short transaction each, through the scheduling service, which checks
every rule, audits, and lets the database refuse double booking.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from hvdesk.database import Database
from hvdesk.model import Customer, User, VisitPurpose, VisitStatus
from hvdesk.scheduling import autoplan, dayroute, ics, routing, xlsx
from hvdesk.scheduling import service as scheduling
from hvdesk.scheduling.consent import QUIET_RULE, ConsentInput
from hvdesk.scheduling.context import load_context
from hvdesk.scheduling.rules import RuleContext
from hvdesk.scheduling.violations import SchedulingRefused, Violation
from hvdesk.security import masking
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from ui.calendar import data as calendar_data
from ui.calendar.backend import Loaded, Outcome, PlanResult, Refusal
from ui.calendar.conflicts import Candidate, check_in_context, proposal_of
from ui.calendar.data import DueCustomer, VisitBlock
from ui.calendar.layout import SNAP_MINUTES
from ui.calendar.texts import message_text


class ServiceBackend:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    # --- who may do what -------------------------------------------------------------------
    def can_schedule(self) -> bool:
        return self.actor.can(Permission.VISIT_SCHEDULE)

    def can_override(self) -> bool:
        return self.actor.can(Permission.OVERRIDE_RULE)

    def staff_choices(self) -> list[tuple[int, str]]:
        """Who may have taken a customer's consent: the active staff of the actor's branch."""
        with self.db.session() as session:
            stmt = select(User.id, User.display_name, User.login).where(User.active)
            if self.actor.branch_id is not None:
                stmt = stmt.where(User.branch_id == self.actor.branch_id)
            rows = session.execute(stmt.order_by(User.display_name)).all()
        return [(r.id, f"{r.display_name} ({r.login})") for r in rows]

    # --- reading ---------------------------------------------------------------------------
    def load(self, first: dt.date, last: dt.date, checks: bool = True) -> Loaded:
        with self.db.session() as session:
            data = calendar_data.load_range(session, self.actor, first, last)
            context = None
            if checks and self.can_schedule() and data.branch.id is not None:
                start, end = calendar_data.local_bounds(first, last, data.branch.tz)
                context = load_context(
                    session,
                    data.branch.id,
                    start,
                    end,
                    customer_ids={b.customer_id for b in data.blocks},
                )
        return Loaded(data, context)

    def with_customers(self, loaded: Loaded, customer_ids: list[int]) -> Loaded:
        ctx = loaded.context
        if not isinstance(ctx, RuleContext):
            return loaded
        missing = [c for c in customer_ids if c not in ctx.customers]
        if not missing or ctx.span is None:
            return loaded
        with self.db.session() as session:
            extra = load_context(
                session,
                ctx.branch.id,
                ctx.span[0],
                ctx.span[1],
                customer_ids=missing,
                now=ctx.now,
                config=ctx.config,
            )
        known = {v.id for v in ctx.visits}
        merged = RuleContext(
            branch=ctx.branch,
            now=ctx.now,
            customers={**ctx.customers, **extra.customers},
            staff=ctx.staff,
            leaves=ctx.leaves,
            visits=[*ctx.visits, *(v for v in extra.visits if v.id not in known)],
            config=ctx.config,
            span=ctx.span,
        )
        return Loaded(loaded.data, merged)

    def check(self, loaded: Loaded, cand: Candidate, customer_id: int | None) -> list[Violation]:
        ctx = loaded.context
        if not isinstance(ctx, RuleContext):
            return []
        if customer_id is not None and ctx.covers(proposal_of(cand, customer_id)):
            # Covered by the preloaded context: the service answers without a query.
            with self.db.session() as session:
                return scheduling.check_visit(
                    session,
                    self.actor,
                    customer_id=customer_id,
                    start=cand.start,
                    end=cand.end,
                    member_ids=cand.member_ids,
                    customer_agreed_hours=cand.customer_agreed_hours,
                    visit_id=cand.visit_id,
                    notice_lead=not cand.resize,
                    context=ctx,
                )
        return check_in_context(ctx, cand)

    def visit(self, visit_id: int) -> VisitBlock | None:
        with self.db.session() as session:
            found = calendar_data.load_visits(session, self.actor, [visit_id])
        return found[0] if found else None

    def _block(self, session: Session, visit_id: int) -> VisitBlock:
        return calendar_data.load_visits(session, self.actor, [visit_id])[0]

    def due(self, quiet_days: int) -> list[DueCustomer]:
        with self.db.session() as session:
            return calendar_data.due_customers(session, self.actor, quiet_days=quiet_days)

    def priorities(self, customer_ids: list[int]) -> dict[int, tuple[float, str]]:
        # numpy loads with the ranking, on this worker thread and only when asked.
        from hvdesk.priorities import service as priorities  # noqa: PLC0415
        from hvdesk.priorities.ranking import reasons_text  # noqa: PLC0415

        with self.db.session() as session:
            ranked = priorities.rank(session, self.actor, customer_ids=customer_ids)
        return {p.score.customer_id: (p.score.value, reasons_text(p.score.reasons))
                for p in ranked}

    # --- writing -------------------------------------------------------------------------------
    def change(
        self,
        block: VisitBlock,
        start: dt.datetime,
        end: dt.datetime,
        member_ids: tuple[int, ...],
        override_reason: str | None = None,
        consent: ConsentInput | None = None,
    ) -> VisitBlock:
        team_changes = tuple(member_ids) != block.member_ids
        times_change = (start, end) != (block.start, block.end)
        if team_changes and times_change:
            return self._move_and_reassign(
                block, start, end, member_ids, override_reason, consent
            )
        with self.db.begin() as session:
            if team_changes:
                scheduling.reassign_visit(
                    session,
                    self.actor,
                    block.id,
                    member_ids,
                    expected_version=block.version,
                    override_reason=override_reason,
                )
            elif start != block.start:
                scheduling.move_visit(
                    session,
                    self.actor,
                    block.id,
                    start,
                    end=end,
                    expected_version=block.version,
                    override_reason=override_reason,
                    consent=consent,
                )
            elif end != block.end:
                scheduling.resize_visit(
                    session,
                    self.actor,
                    block.id,
                    end=end,
                    expected_version=block.version,
                    override_reason=override_reason,
                    consent=consent,
                )
            return self._block(session, block.id)

    def _move_and_reassign(
        self,
        block: VisitBlock,
        start: dt.datetime,
        end: dt.datetime,
        member_ids: tuple[int, ...],
        override_reason: str | None,
        consent: ConsentInput | None = None,
    ) -> VisitBlock:
        """A drop on another column at another time: both in one transaction.

        The service changes time and team in two steps, each checked on its own;
        the step order that keeps the intermediate state legal is tried first,
        and a refusal names the rules the *final* slot breaks.
        """
        with self.db.session() as session:
            final = scheduling.check_visit(
                session,
                self.actor,
                customer_id=block.customer_id,
                start=start,
                end=end,
                member_ids=member_ids,
                customer_agreed_hours=block.customer_agreed_hours,
                visit_id=block.id,
            )
        hard = [v for v in final if v.hard and not (consent and v.code == QUIET_RULE)]
        soft = [v for v in final if not v.hard]
        if hard or (soft and not override_reason):
            raise SchedulingRefused(final)
        steps = ("move", "reassign"), ("reassign", "move")
        for order in steps:
            try:
                with self.db.begin() as session:
                    version: int | None = block.version
                    for step in order:
                        if step == "move":
                            view = scheduling.move_visit(
                                session,
                                self.actor,
                                block.id,
                                start,
                                end=end,
                                expected_version=version,
                                override_reason=override_reason,
                                consent=consent,
                            )
                        else:
                            view = scheduling.reassign_visit(
                                session,
                                self.actor,
                                block.id,
                                member_ids,
                                expected_version=version,
                                override_reason=override_reason,
                            )
                        version = view.version
                    return self._block(session, block.id)
            except SchedulingRefused:
                continue
        raise SchedulingRefused(final)

    def create(
        self,
        customer_ids: list[int],
        start: dt.datetime,
        member_ids: tuple[int, ...],
        minutes: int,
        override_reason: str | None = None,
        consent: ConsentInput | None = None,
    ) -> Outcome:
        """One visit per customer, in the given order, each after the last plus travel."""
        with self.db.session() as session:
            rows = {
                r.id: r
                for r in session.execute(
                    select(
                        Customer.id,
                        Customer.name,
                        Customer.days_past_due,
                        Customer.latitude,
                        Customer.longitude,
                    ).where(Customer.id.in_(customer_ids))
                )
            }
        saved: list[VisitBlock] = []
        refused: list[Refusal] = []
        clock = start
        previous: tuple[float, float] | None = None
        for customer_id in customer_ids:
            row = rows.get(customer_id)
            here = (
                (row.latitude, row.longitude)
                if row is not None and row.latitude is not None and row.longitude is not None
                else None
            )
            if saved and previous is not None and here is not None:
                travel = routing.travel_minutes(routing.haversine_km(previous, here))
                clock += dt.timedelta(minutes=SNAP_MINUTES * math.ceil(travel / SNAP_MINUTES))
            elif saved:
                clock += dt.timedelta(minutes=2 * SNAP_MINUTES)
            purpose = (
                VisitPurpose.OVERDUE
                if row is not None and row.days_past_due > 0
                else VisitPurpose.POST_LOAN
            )
            end = clock + dt.timedelta(minutes=minutes)
            try:
                with self.db.begin() as session:
                    view = scheduling.create_visit(
                        session,
                        self.actor,
                        customer_id=customer_id,
                        start=clock,
                        end=end,
                        member_ids=member_ids,
                        purpose=purpose,
                        override_reason=override_reason,
                        consent=consent,
                    )
                    saved.append(self._block(session, view.id))
            except SchedulingRefused as exc:
                name = saved_name(self.actor, row.name if row is not None else str(customer_id))
                refused.append(Refusal(name, exc.violations, customer_id, clock))
                continue
            clock = end
            previous = here
        return Outcome(tuple(saved), tuple(refused))

    def cancel(self, block: VisitBlock, reason: str) -> VisitBlock:
        with self.db.begin() as session:
            scheduling.cancel_visit(
                session, self.actor, block.id, reason, expected_version=block.version
            )
            return self._block(session, block.id)

    def order_route(self, day: dt.date, member_ids: tuple[int, ...]) -> list[VisitBlock]:
        """The team's day in the shortest order from the branch and back, saved as route order.

        The day of the team's first member is the team's day; visits whose time
        the customer was already told keep their order (see ``dayroute``).
        """
        with self.db.begin() as session:
            route = dayroute.suggest_order(session, self.actor, member_ids[0], day)
            ids = [stop.visit_id for stop in route.stops]
            dayroute.apply_order(session, self.actor, ids)
            blocks = {b.id: b for b in calendar_data.load_visits(session, self.actor, ids)}
        return [blocks[i] for i in ids if i in blocks]

    # --- auto-plan and export ---------------------------------------------------------------------
    def propose(
        self,
        customer_ids: list[int],
        first: dt.date,
        last: dt.date,
        teams: list[tuple[int, ...]] | None = None,
    ) -> PlanResult:
        with self.db.session() as session:
            plan = autoplan.propose_plan(
                session, self.actor, customer_ids, first, last, teams=teams or None
            )
            wanted = {p.customer_id for p in plan.proposals} | {
                u.customer_id for u in plan.unplanned
            }
            people = {
                r.id: r
                for r in session.execute(
                    select(
                        Customer.id,
                        Customer.name,
                        Customer.registered_adcode,
                        Customer.latitude,
                        Customer.longitude,
                    ).where(Customer.id.in_(wanted))
                )
            }
            members = {m for p in plan.proposals for m in p.member_ids}
            names = {
                r.id: r.display_name
                for r in session.execute(
                    select(User.id, User.display_name).where(User.id.in_(members))
                )
            }
        zone = self._zone()
        ghosts: list[VisitBlock] = []
        payload: dict[int, autoplan.ProposedVisit] = {}
        for k, p in enumerate(plan.proposals, start=1):
            row = people.get(p.customer_id)
            ghost = VisitBlock(
                id=-k,
                customer_id=p.customer_id,
                start=p.start.astimezone(zone),
                end=p.end.astimezone(zone),
                member_ids=p.member_ids,
                member_names=tuple(names.get(m, str(m)) for m in p.member_ids),
                customer=saved_name(self.actor, row.name) if row else str(p.customer_id),
                district=calendar_data.district_label(row.registered_adcode) if row else "",
                purpose=p.purpose,
                status=VisitStatus.PLANNED,
                version=0,
                route_order=p.route_order,
                latitude=row.latitude if row else None,
                longitude=row.longitude if row else None,
            )
            ghosts.append(ghost)
            payload[ghost.id] = p
        unplaced = []
        for u in plan.unplanned:
            row = people.get(u.customer_id)
            who = saved_name(self.actor, row.name) if row else str(u.customer_id)
            unplaced.append(f"{who}: {' '.join(message_text(m) for m in u.reasons)}")
        return PlanResult(tuple(ghosts), tuple(unplaced), payload)

    def accept(self, plan: PlanResult, ids: list[int]) -> Outcome:
        chosen = [plan.payload[i] for i in ids if i in plan.payload]
        ghosts = {g.id: g for g in plan.proposals}
        by_proposal = {id(plan.payload[i]): ghosts[i] for i in ids if i in plan.payload}
        with self.db.begin() as session:
            result = autoplan.accept(session, self.actor, chosen)
            saved = calendar_data.load_visits(session, self.actor, [v.id for v in result.created])
        refused = tuple(
            Refusal(
                by_proposal[id(p)].customer if id(p) in by_proposal else str(p.customer_id),
                tuple(found),
                p.customer_id,
                p.start,
            )
            for p, found in result.refused
        )
        return Outcome(tuple(saved), refused)

    def _zone(self) -> ZoneInfo:
        with self.db.session() as session:
            return calendar_data.branch_info(session, self.actor).tz

    def export(
        self,
        kind: str,
        path: Path,
        first: dt.date,
        last: dt.date,
        member_ids: tuple[int, ...] | None,
    ) -> int:
        with self.db.begin() as session:
            logins: list[str] = []
            if member_ids:
                logins = list(session.scalars(select(User.login).where(User.id.in_(member_ids))))
            if kind == "ics":
                data, count = ics.export_ics(
                    session, self.actor, first, last, team_logins=logins, file_name=path.name
                )
                path.write_bytes(data)
                return count
            return xlsx.export_xlsx(session, self.actor, first, last, path, team_logins=logins)


def saved_name(actor: Actor, name: str) -> str:
    return name if actor.can(Permission.PII_FULL_VIEW) else masking.mask_name(name)
