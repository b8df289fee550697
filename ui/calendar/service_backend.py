"""The calendar's backend over :mod:`hvdesk.scheduling`: one session per user action.

Reads run on the worker that calls them (each opens its own session); writes
are one short transaction each, through the scheduling service, which checks
every rule, audits, and lets the database refuse double booking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from hvdesk.database import Database
from hvdesk.scheduling import (
    autoplan,
    autoplan_value,
    calendar_support,
    create_many,
    dayroute,
    ics,
    xlsx,
)
from hvdesk.scheduling import calendar_query as calendar_data
from hvdesk.scheduling import service as scheduling
from hvdesk.scheduling.calendar_query import DueCustomer, VisitBlock
from hvdesk.scheduling.consent import QUIET_RULE, ConsentInput
from hvdesk.scheduling.context import load_context
from hvdesk.scheduling.rules import FREED_STATUSES, BookedVisit, RuleContext, evaluate
from hvdesk.scheduling.violations import SchedulingRefused, Violation
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from ui.calendar.backend import Changed, Loaded, Outcome, PlanResult, Refusal
from ui.calendar.conflicts import Candidate, check_in_context, proposal_of
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

    def staff_choices(self, loaded: Loaded | None) -> list[tuple[int, str]]:
        """Who may have taken a customer's consent: the active staff of the branch.

        Read from the rules context the range brought (no query)."""
        ctx = loaded.context if loaded is not None else None
        if not isinstance(ctx, RuleContext):
            return []
        staff = [s for s in ctx.staff.values() if s.active and s.branch_id == ctx.branch.id]
        staff.sort(key=lambda s: s.display_name)
        return [(s.id, f"{s.display_name} ({s.login})") for s in staff]

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
            # Covered by the preloaded context: what the service would answer, without a query.
            return evaluate(ctx, proposal_of(cand, customer_id))
        return check_in_context(ctx, cand)

    def changed(self, visit_ids: Iterable[int]) -> Changed:
        with self.db.session() as session:
            blocks, gone = calendar_data.changed_visits(session, self.actor, visit_ids)
        return Changed(tuple(blocks), gone)

    def merge(self, loaded: Loaded, changed: Changed) -> Loaded:
        data = loaded.data.without(changed.gone)
        for block in changed.blocks:
            if data.first <= block.day <= data.last:
                data = data.with_block(block)
            else:
                data = data.without([block.id])
        ctx = loaded.context
        if isinstance(ctx, RuleContext):
            ids = changed.gone | {b.id for b in changed.blocks}
            visits = [v for v in ctx.visits if v.id not in ids]
            visits += [
                BookedVisit(b.id, b.customer_id, b.start, b.end, frozenset(b.member_ids),
                            b.status, b.latitude, b.longitude)
                for b in changed.blocks if b.status not in FREED_STATUSES
            ]
            ctx = RuleContext(branch=ctx.branch, now=ctx.now, customers=ctx.customers,
                              staff=ctx.staff, leaves=ctx.leaves, visits=visits,
                              config=ctx.config, span=ctx.span)
        return Loaded(data, ctx)

    def visit(self, visit_id: int) -> VisitBlock | None:
        with self.db.session() as session:
            found = calendar_data.load_visits(session, self.actor, [visit_id])
        return found[0] if found else None

    def due(self, quiet_days: int, customer_ids: Iterable[int] | None = None) -> list[DueCustomer]:
        with self.db.session() as session:
            return calendar_data.due_customers(
                session, self.actor, quiet_days=quiet_days, customer_ids=customer_ids
            )

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
            return calendar_data.load_visits(session, self.actor, [block.id])[0]

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
                    return calendar_data.load_visits(session, self.actor, [block.id])[0]
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
        with self.db.begin() as session:
            made = create_many.create_visits(
                session, self.actor, customer_ids, start, member_ids, minutes,
                override_reason=override_reason, consent=consent,
            )
            saved = calendar_data.load_visits(session, self.actor, list(made.visit_ids))
        refused = tuple(
            Refusal(r.who, r.violations, r.customer_id, r.start) for r in made.refused
        )
        return Outcome(tuple(saved), refused)

    def cancel(self, block: VisitBlock, reason: str) -> VisitBlock:
        with self.db.begin() as session:
            scheduling.cancel_visit(
                session, self.actor, block.id, reason, expected_version=block.version
            )
            return calendar_data.load_visits(session, self.actor, [block.id])[0]

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
        by_value: bool = False,
    ) -> PlanResult:
        with self.db.session() as session:
            if by_value:
                plan = autoplan_value.propose_by_value(
                    session, self.actor, customer_ids, first, last, teams=teams or None)
            else:
                plan = autoplan.propose_plan(
                    session, self.actor, customer_ids, first, last, teams=teams or None
                )
            found = calendar_support.ghosts(session, self.actor, plan)
        unplaced = tuple(
            f"{who}: {' '.join(message_text(m) for m in reasons)}"
            for who, reasons in found.unplaced
        )
        return PlanResult(found.blocks, unplaced, dict(found.payload))

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

    def export(
        self,
        kind: str,
        path: Path,
        first: dt.date,
        last: dt.date,
        member_ids: tuple[int, ...] | None,
    ) -> int:
        with self.db.begin() as session:
            logins = calendar_support.team_logins(session, self.actor, member_ids or ())
            if kind == "ics":
                data, count = ics.export_ics(
                    session, self.actor, first, last, team_logins=logins, file_name=path.name
                )
                path.write_bytes(data)
                return count
            return xlsx.export_xlsx(session, self.actor, first, last, path, team_logins=logins)

