"""The branch's visit calendar: sixteen weeks back, two weeks ahead.

Visitors form teams of two or three, recomposed every week, so a visitor is
in one team at a time and a team's visits follow each other with travel time
between them: nobody is in two places at once. Each team makes four to six
visits a working day between 08:30 and 19:30 Shanghai time. The status of a
visit follows its date: the past is completed, cancelled, no-show or
rescheduled, today is under way, the future is planned, notified or confirmed.
Sixteen weeks of past give the priorities backtest (issue 20) eight weeks to
replay after eight to learn from. When a pool of customers runs out it is
dealt again in a new order, so overdue customers are visited more than once
(the cycle is longer than the 30 days of the contact cap).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hvdesk.demo.customers import Candidate
from hvdesk.model import VisitPurpose, VisitStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
PAST_DAYS = 112
FUTURE_DAYS = 14
DAY_START = dt.time(8, 30)
LAST_END = dt.time(19, 30)  # half an hour inside the branch's 20:00 limit

S = VisitStatus


@dataclass(frozen=True, slots=True)
class Staff:
    user_id: int
    name: str
    employee_no: str


@dataclass(slots=True)
class PlannedVisit:
    visit_id: int
    day: dt.date
    start: dt.datetime  # local, Asia/Shanghai
    end: dt.datetime
    travel_minutes: int  # from the previous stop (or the branch)
    team: tuple[Staff, ...]  # the lead first
    route_order: int
    customer: Candidate
    purpose: VisitPurpose
    status: VisitStatus
    created_at: dt.datetime  # UTC
    follow_up: bool = False  # a new date after the customer asked to reschedule


@dataclass(frozen=True, slots=True)
class _Slot:
    day: dt.date
    team: tuple[Staff, ...]
    team_key: int
    start: dt.datetime
    end: dt.datetime
    travel_minutes: int


def working_days(today: dt.date) -> list[dt.date]:
    # Weekends only: statutory holidays move every year and a demo can do without them.
    days = (today + dt.timedelta(days=d) for d in range(-PAST_DAYS, FUTURE_DAYS))
    return [d for d in days if d.weekday() < 5]


def _teams(rng: random.Random, visitors: list[Staff], pairs: bool) -> list[tuple[Staff, ...]]:
    shuffled = visitors[:]
    rng.shuffle(shuffled)
    sizes = [2, 2, 2, 2] if pairs else [3, 3, 2]
    if sum(sizes) != len(shuffled):
        # Any other head count: pairs, with a trio if one visitor is left over.
        sizes = [2] * (len(shuffled) // 2)
        if len(shuffled) % 2:
            sizes[-1] = 3
    teams, pos = [], 0
    for size in sizes:
        teams.append(tuple(shuffled[pos:pos + size]))
        pos += size
    return teams


def _slots(rng: random.Random, visitors: list[Staff], today: dt.date) -> list[_Slot]:
    slots: list[_Slot] = []
    week_teams: dict[tuple[int, int], list[tuple[Staff, ...]]] = {}
    for day in working_days(today):
        week = day.isocalendar()[:2]
        if week not in week_teams:
            # Weeks alternate between four pairs and two trios with a pair, so
            # every demo has both kinds of team and a steady number of visits.
            week_teams[week] = _teams(rng, visitors, pairs=len(week_teams) % 2 == 0)
        for key, team in enumerate(week_teams[week]):
            t = dt.datetime.combine(day, DAY_START, SHANGHAI)
            t += dt.timedelta(minutes=rng.choice((0, 10, 20, 30)))
            last_end = dt.datetime.combine(day, LAST_END, SHANGHAI)
            travel = rng.randint(20, 40)  # leaving the branch
            for k in range(rng.randint(4, 6)):
                if k == 3:
                    t += dt.timedelta(minutes=60)  # lunch
                start = t + dt.timedelta(minutes=travel)
                # Appointments are made for round times: the next 5 minutes.
                start += dt.timedelta(minutes=-start.minute % 5)
                end = start + dt.timedelta(minutes=rng.choice((45, 60, 60, 75, 90)))
                if end > last_end:
                    break
                slots.append(_Slot(day, team, week[0] * 1000 + week[1] * 10 + key, start, end,
                                   travel))
                t = end
                travel = rng.randint(15, 35)
    return slots


def _past_status(rng: random.Random) -> VisitStatus:
    roll = rng.random()
    if roll < 0.72:
        return S.COMPLETED
    if roll < 0.82:
        return S.CANCELLED
    if roll < 0.91:
        return S.NO_SHOW
    return S.RESCHEDULED


def _future_status(rng: random.Random, ahead: int) -> VisitStatus:
    roll = rng.random()
    if ahead <= 2:
        return S.CONFIRMED if roll < 0.5 else S.NOTIFIED if roll < 0.9 else S.PLANNED
    if ahead <= 5:
        return S.NOTIFIED if roll < 0.35 else S.CONFIRMED if roll < 0.45 else S.PLANNED
    return S.NOTIFIED if roll < 0.1 else S.PLANNED


def _purpose(rng: random.Random, customer: Candidate) -> VisitPurpose:
    roll = rng.random()
    if customer.max_dpd > 0:
        return VisitPurpose.OVERDUE if roll < 0.8 else VisitPurpose.POST_LOAN
    if roll < 0.45:
        return VisitPurpose.POST_LOAN
    return VisitPurpose.CARE if roll < 0.75 else VisitPurpose.PRE_LOAN


def _created_at(rng: random.Random, day: dt.date, today: dt.date,
                not_before: dt.date | None = None) -> dt.datetime:
    created = min(day - dt.timedelta(days=rng.randint(4, 10)), today - dt.timedelta(days=1))
    if not_before is not None:
        created = max(created, not_before)
    local = dt.datetime.combine(created, dt.time(rng.randint(8, 10), rng.randint(0, 59)), SHANGHAI)
    return local.astimezone(dt.UTC)


class Planner:
    """Fills the calendar's slots with customers from the sampled pools."""

    def __init__(self, rng: random.Random, today: dt.date, visitors: list[Staff],
                 overdue: list[Candidate], others: list[Candidate]) -> None:
        self._rng = rng
        self._today = today
        self._visitors = visitors
        self._all = (overdue[:], others[:])
        self._overdue = overdue[:]
        self._others = others[:]
        rng.shuffle(self._overdue)
        rng.shuffle(self._others)

    def _deal(self, pool: list[Candidate], every: list[Candidate]) -> Candidate | None:
        if not pool and len(every) > 1:
            pool.extend(every)
            self._rng.shuffle(pool)
        return pool.pop() if pool else None

    def _next_customer(self) -> Candidate | None:
        prefer_overdue = self._rng.random() < 0.7
        pools = ((self._overdue, self._all[0]), (self._others, self._all[1]))
        first, second = pools if prefer_overdue else pools[::-1]
        return self._deal(*first) or self._deal(*second)

    def plan(self) -> list[PlannedVisit]:
        rng, today = self._rng, self._today
        slots = _slots(rng, self._visitors, today)
        # About two visits per customer over the sixteen weeks (each pool dealt twice).
        capacity = 2 * (len(self._overdue) + len(self._others))
        if len(slots) > capacity:
            # A small demo: fewer visits, spread over all days, and today's kept
            # so that some visit is always under way.
            todays = [s for s in slots if s.day == today]
            rest = [s for s in slots if s.day != today]
            keep = max(0, capacity - len(todays))
            chosen = set(rng.sample(range(len(rest)), keep)) if keep < len(rest) else None
            rest = [s for i, s in enumerate(rest) if chosen is None or i in chosen]
            slots = sorted(todays + rest, key=lambda s: (s.start, s.team_key))
        slots.sort(key=lambda s: (s.start, s.team_key))

        today_count: dict[int, int] = {}
        for s in slots:
            if s.day == today:
                today_count[s.team_key] = today_count.get(s.team_key, 0) + 1
        done_today = {k: min(rng.randint(1, 2), n - 1) for k, n in sorted(today_count.items())}

        visits: list[PlannedVisit] = []
        pending: list[tuple[dt.date, Candidate, dt.date]] = []
        order: dict[tuple[dt.date, int], int] = {}
        for s in slots:
            key = (s.day, s.team_key)
            order[key] = order.get(key, 0) + 1
            customer, follow_up, not_before = None, False, None
            for i, (earliest, cand, asked_on) in enumerate(pending):
                if earliest <= s.day:
                    customer, follow_up, not_before = cand, True, asked_on
                    del pending[i]
                    break
            if customer is None:
                customer = self._next_customer()
            if customer is None:
                continue
            status = self._status(s, order[key], done_today.get(s.team_key, 0))
            if follow_up and status is S.RESCHEDULED:
                status = S.COMPLETED  # moved once is enough
            visit = PlannedVisit(
                visit_id=len(visits) + 1,
                day=s.day,
                start=s.start,
                end=s.end,
                travel_minutes=s.travel_minutes,
                team=s.team,
                route_order=order[key],
                customer=customer,
                purpose=_purpose(rng, customer),
                status=status,
                created_at=_created_at(rng, s.day, today, not_before),
                follow_up=follow_up,
            )
            if status is S.RESCHEDULED:
                asked = s.day - dt.timedelta(days=1)
                pending.append((s.day + dt.timedelta(days=rng.randint(4, 9)), customer, asked))
            visits.append(visit)
        return visits

    def _status(self, s: _Slot, route_order: int, done: int) -> VisitStatus:
        if s.day < self._today:
            return _past_status(self._rng)
        if s.day == self._today:
            if route_order <= done:
                return S.COMPLETED
            return S.IN_PROGRESS if route_order == done + 1 else S.CONFIRMED
        return _future_status(self._rng, (s.day - self._today).days)
