"""Order a team's day: from the branch through every stop and back, shortest first.

Pure functions on WGS-84 ``(lat, lon)`` tuples, no database, no Qt: the
calendar's day view, the map's route layer, the briefing pack and auto-plan
all call :func:`plan_route`.

Method (``bench/routing.py`` measures it against OR-Tools):

1. nearest neighbour from the branch builds a first tour;
2. local search with 2-opt (reverse a stretch) and Or-opt (move a run of
   1–3 stops elsewhere, either way round) until neither improves;
3. iterated local search: a double-bridge kick, local search again (only
   around the changed edges), keep the result when shorter; a fixed number
   of kicks from a fixed seed, so the same day always gets the same route,
   scaled to stay well inside 50 ms for 40 stops (20 kicks, ~20 ms here).

Distances are great-circle (haversine) kilometres from a precomputed matrix of
plain lists: list indexing is the fastest look-up pure Python has.

Fixed appointment times: a stop may carry a fixed time (the customer was told
when the team comes). Such stops must be visited in the order of their times;
stops without a time go anywhere. Every move checks this in O(1) with the
count of fixed stops it would reverse or jump over, so a valid tour stays valid.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

LatLon = tuple[float, float]

EARTH_RADIUS_KM = 6371.0088
#: Defaults for a city team on scooters or in a car with parking (branch-tunable).
DEFAULT_SPEED_KMH = 25.0
DEFAULT_FLOOR_MINUTES = 10
#: Kicks of the iterated local search: about _KICK_BUDGET / stops (see default_kicks).
_KICK_BUDGET = 800
_MIN_KICKS = 20
_MAX_KICKS = 60


@dataclass(frozen=True, slots=True)
class Route:
    #: Indices into the given stops, in visiting order.
    order: tuple[int, ...]
    #: Branch → first stop, …, last stop → branch: ``len(order) + 1`` legs.
    leg_km: tuple[float, ...]
    leg_minutes: tuple[int, ...]

    @property
    def total_km(self) -> float:
        return sum(self.leg_km)

    @property
    def total_minutes(self) -> int:
        return sum(self.leg_minutes)


def haversine_km(a: LatLon, b: LatLon) -> float:
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def travel_minutes(
    km: float, speed_kmh: float = DEFAULT_SPEED_KMH, floor_minutes: int = DEFAULT_FLOOR_MINUTES
) -> int:
    """Minutes to budget for ``km``: distance over speed, never under the floor.

    The floor covers what distance does not: leaving one door, parking,
    finding the next one, even when two customers live in the same compound.
    """
    if speed_kmh <= 0:
        raise ValueError("speed must be positive")
    return max(floor_minutes, math.ceil(km / speed_kmh * 60))


def distance_matrix(points: Sequence[LatLon]) -> list[list[float]]:
    n = len(points)
    matrix = [[0.0] * n for _ in range(n)]
    for i in range(n):
        row = matrix[i]
        for j in range(i + 1, n):
            d = haversine_km(points[i], points[j])
            row[j] = d
            matrix[j][i] = d
    return matrix


def tour_length(matrix: Sequence[Sequence[float]], tour: Sequence[int]) -> float:
    """Length of the closed tour ``tour`` (node 0 is the branch)."""
    return (
        sum(matrix[tour[k - 1]][tour[k]] for k in range(1, len(tour))) + matrix[tour[-1]][tour[0]]
    )


def plan_route(
    depot: LatLon,
    stops: Sequence[LatLon],
    *,
    fixed_times: Sequence[Any | None] | None = None,
    speed_kmh: float = DEFAULT_SPEED_KMH,
    floor_minutes: int = DEFAULT_FLOOR_MINUTES,
    kicks: int | None = None,
    seed: int = 0,
) -> Route:
    """The visiting order of ``stops`` from ``depot`` and back, with its legs.

    ``fixed_times[i]`` is the appointment time of stop ``i`` (any comparable
    value: datetimes, minutes) or None when the stop is free to move.
    """
    n = len(stops)
    if fixed_times is not None and len(fixed_times) != n:
        raise ValueError("fixed_times must have one entry per stop")
    if n == 0:
        return Route((), (0.0,), (0,))
    points = [depot, *stops]
    matrix = distance_matrix(points)
    rank = _ranks(fixed_times, n)
    tour = solve_tour(matrix, rank, kicks=kicks, seed=seed)
    order = tuple(node - 1 for node in tour[1:])
    legs = [matrix[tour[k - 1]][tour[k]] for k in range(1, len(tour))]
    legs.append(matrix[tour[-1]][0])
    return Route(
        order=order,
        leg_km=tuple(round(d, 3) for d in legs),
        leg_minutes=tuple(travel_minutes(d, speed_kmh, floor_minutes) for d in legs),
    )


def _ranks(fixed_times: Sequence[Any | None] | None, n: int) -> list[int]:
    """Node-indexed rank of each fixed stop (1, 2, …), 0 for free stops and the depot."""
    rank = [0] * (n + 1)
    if fixed_times is None:
        return rank
    fixed = sorted((t, i) for i, t in enumerate(fixed_times) if t is not None)
    for r, (_t, i) in enumerate(fixed, start=1):
        rank[i + 1] = r
    return rank


def solve_tour(
    matrix: list[list[float]],
    rank: list[int] | None = None,
    *,
    kicks: int | None = None,
    seed: int = 0,
) -> list[int]:
    """A short closed tour over all nodes of ``matrix`` starting at node 0.

    ``rank[node]`` > 0 marks a fixed stop; fixed stops keep ascending rank order.
    """
    size = len(matrix)
    rank = rank or [0] * size
    tour = _nearest_neighbour(matrix, rank)
    if size <= 3:
        return tour
    _Search(matrix, rank, tour).run(tour[:])
    best = tour
    best_len = tour_length(matrix, best)
    rng = random.Random(seed)
    for _ in range(default_kicks(size - 1) if kicks is None else kicks):
        kicked = _double_bridge(best, rank, rng)
        if kicked is None:
            continue
        candidate, changed = kicked
        _Search(matrix, rank, candidate).run(changed)
        length = tour_length(matrix, candidate)
        if length < best_len - 1e-9:
            best, best_len = candidate, length
    return best


def default_kicks(stops: int) -> int:
    """Kicks for a day of ``stops``: more for small days, where each is cheap."""
    return max(_MIN_KICKS, min(_MAX_KICKS, _KICK_BUDGET // max(stops, 1)))


def _nearest_neighbour(matrix: list[list[float]], rank: list[int]) -> list[int]:
    size = len(matrix)
    fixed_in_order = sorted((r, node) for node, r in enumerate(rank) if r > 0)
    next_fixed = 0
    tour = [0]
    left = set(range(1, size))
    current = 0
    while left:
        allowed_fixed = fixed_in_order[next_fixed][1] if next_fixed < len(fixed_in_order) else -1
        row = matrix[current]
        choice = min(
            (node for node in left if rank[node] == 0 or node == allowed_fixed),
            key=row.__getitem__,
        )
        if choice == allowed_fixed:
            next_fixed += 1
        tour.append(choice)
        left.remove(choice)
        current = choice
    return tour


def _fixed_prefix(tour: list[int], rank: list[int]) -> list[int]:
    """prefix[k] = fixed stops among tour[0:k]."""
    prefix = [0] * (len(tour) + 1)
    for k, node in enumerate(tour):
        prefix[k + 1] = prefix[k] + (1 if rank[node] else 0)
    return prefix


_INF = float("inf")
_EPS = 1e-10


class _Search:
    """2-opt + Or-opt with "don't look" bits over one tour, changed in place.

    Only nodes whose neighbourhood changed are examined again (a queue of
    active nodes), so the search after a kick looks at a handful of nodes
    instead of the whole tour. Each examination scans every edge of the tour
    with list comprehensions over parallel lists (node, successor, edge
    length), which is where pure Python is quickest. The depot stays at
    position 0: no move below touches it.
    """

    def __init__(self, matrix: list[list[float]], rank: list[int], tour: list[int]) -> None:
        self.m = matrix
        self.rank = rank
        self.tour = tour
        self.n = len(tour)
        self.constrained = any(rank)
        self._refresh()

    def _refresh(self) -> None:
        t, m = self.tour, self.m
        self.nxt = t[1:] + t[:1]
        self.dnext = [m[x][y] for x, y in zip(t, self.nxt, strict=True)]
        pos = [0] * self.n
        for k, node in enumerate(t):
            pos[node] = k
        self.pos = pos
        self.prefix = _fixed_prefix(t, self.rank) if self.constrained else []

    def run(self, active: list[int]) -> None:
        queue = list(dict.fromkeys(active))
        queued = set(queue)
        while queue:
            a = queue.pop()
            queued.discard(a)
            touched = self._two_opt(a) or self._or_opt(a)
            if touched:
                self._refresh()
                for node in (a, *touched):
                    if node not in queued:
                        queued.add(node)
                        queue.append(node)

    def _fixed_between(self, lo: int, hi: int) -> int:
        """Fixed stops at positions lo..hi inclusive."""
        return self.prefix[hi + 1] - self.prefix[lo]

    def _two_opt(self, a: int) -> tuple[int, ...]:
        n, t, nxt, dnext = self.n, self.tour, self.nxt, self.dnext
        i = self.pos[a]
        for e_a in (i, i - 1 if i > 0 else n - 1):
            u, v, d_uv = t[e_a], nxt[e_a], dnext[e_a]
            row_u, row_v = self.m[u], self.m[v]
            deltas = [row_u[x] + row_v[y] - dxy for x, y, dxy in zip(t, nxt, dnext, strict=True)]
            for k in (e_a - 1, e_a, e_a + 1):
                deltas[k % n] = _INF
            for e_b in self._candidates(deltas, d_uv):
                p, q = (e_a, e_b) if e_a < e_b else (e_b, e_a)
                # Reversing t[p+1..q] flips the order of the fixed stops inside it.
                if self.constrained and self._fixed_between(p + 1, q) > 1:
                    continue
                x, y = t[e_b], nxt[e_b]
                t[p + 1 : q + 1] = t[p + 1 : q + 1][::-1]
                return (u, v, x, y)
        return ()

    def _candidates(self, deltas: list[float], threshold: float) -> list[int]:
        """Edge indices whose delta beats ``threshold``, best first (usually just one)."""
        best = min(range(self.n), key=deltas.__getitem__)
        if deltas[best] >= threshold - _EPS:
            return []
        if not self.constrained:
            return [best]
        return sorted(
            (k for k in range(self.n) if deltas[k] < threshold - _EPS), key=deltas.__getitem__
        )

    def _or_opt(self, a: int) -> tuple[int, ...]:
        n, i = self.n, self.pos[a]
        spans = {(i, i + k) for k in range(3) if i >= 1 and i + k <= n - 1}
        spans |= {(i - k, i) for k in range(1, 3) if i - k >= 1}
        for s, e in sorted(spans):
            touched = self._move(s, e)
            if touched:
                return touched
        return ()

    def _move(self, s: int, e: int) -> tuple[int, ...]:
        """Move t[s..e] to the best other edge, either way round, if that shortens the tour."""
        n, t, nxt, dnext, m = self.n, self.tour, self.nxt, self.dnext, self.m
        s0, s1, prev, after = t[s], t[e], t[s - 1], nxt[e]
        gain = m[prev][s0] + m[s1][after] - m[prev][after]
        if gain <= _EPS:
            return ()
        row_s0, row_s1 = m[s0], m[s1]
        fwd = [row_s0[x] + row_s1[y] - dxy for x, y, dxy in zip(t, nxt, dnext, strict=True)]
        bwd = [row_s1[x] + row_s0[y] - dxy for x, y, dxy in zip(t, nxt, dnext, strict=True)]
        for k in range(s - 1, e + 1):
            fwd[k] = bwd[k] = _INF
        seg_fixed = self._fixed_between(s, e) if self.constrained else 0
        if seg_fixed > 1:
            bwd = [_INF] * n  # reversing would swap the segment's own fixed stops
        limit = gain - _EPS
        if min(fwd) >= limit and min(bwd) >= limit:
            return ()  # the usual case: no better place for this run
        best = [(c, q, False) for q, c in enumerate(fwd) if c < limit]
        best += [(c, q, True) for q, c in enumerate(bwd) if c < limit]
        best.sort()
        for _cost, q, reverse in best:
            if seg_fixed:
                crossed = (
                    self._fixed_between(e + 1, q) if q > e else self._fixed_between(q + 1, s - 1)
                )
                if crossed:
                    continue
            x, y = t[q], nxt[q]
            segment = t[s : e + 1]
            if reverse:
                segment.reverse()
            if q > e:
                t[s : q + 1] = t[e + 1 : q + 1] + segment
            else:
                t[q + 1 : e + 1] = segment + t[q + 1 : s]
            return (prev, after, s0, s1, x, y)
        return ()


def _double_bridge(
    tour: list[int], rank: list[int], rng: random.Random
) -> tuple[list[int], list[int]] | None:
    """Swap two adjacent stretches (the classic kick 2-opt cannot undo in one move).

    Returns the new tour and the nodes at its changed edges (where the search resumes).
    """
    n = len(tour)
    if n < 5:
        return None
    for _attempt in range(8):
        a, b, c = sorted(rng.sample(range(1, n + 1), 3))
        first, second = tour[a:b], tour[b:c]
        if any(rank[x] for x in first) and any(rank[x] for x in second):
            continue  # would swap the order of fixed stops
        ends = [tour[a - 1], tour[a], tour[b - 1], tour[b], tour[c - 1], tour[c % n]]
        return tour[:a] + second + first + tour[c:], ends
    return None
