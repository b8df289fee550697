"""Route quality and speed of ``hvdesk.scheduling.routing`` against the optimum.

    python bench/routing.py [--days 100] [--seed 1] [--ortools-seconds 1.0]

Makes ``--days`` random days of 8–40 stops around a branch in Chengdu
(customers bunched in a few neighbourhoods, as real visit lists are, plus
scattered ones), routes each with :func:`plan_route`, and compares the
length with the best known tour:

* Held–Karp dynamic programming (exact) for days of at most 12 stops;
* OR-Tools' routing solver (guided local search, ``--ortools-seconds`` per
  day) for every day, when ``ortools`` is installed
  (``pip install -e ".[bench]"``). Guided local search is not a proof of
  optimality: where our tour is shorter, the ratio is below 1.

Prints the mean and worst ratio and the time per route (all days, and the
40-stop days alone). Targets (issue 5): mean ≤ 1.02, worst ≤ 1.05,
< 50 ms per 40-stop route.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hvdesk.scheduling.routing import (
    LatLon,
    distance_matrix,
    plan_route,
    tour_length,
)

BRANCH: LatLon = (30.620, 104.070)
EXACT_MAX_STOPS = 12
TARGET_MEAN, TARGET_WORST, TARGET_MS_40 = 1.02, 1.05, 50.0


def random_day(rng: random.Random, stops: int) -> list[LatLon]:
    """Stops bunched round 2–5 neighbourhood centres within ~15 km, a fifth scattered."""
    centres = [
        (BRANCH[0] + rng.uniform(-0.12, 0.12), BRANCH[1] + rng.uniform(-0.14, 0.14))
        for _ in range(rng.randint(2, 5))
    ]
    points = []
    for _ in range(stops):
        if rng.random() < 0.2:
            points.append(
                (BRANCH[0] + rng.uniform(-0.15, 0.15), BRANCH[1] + rng.uniform(-0.17, 0.17))
            )
        else:
            lat, lon = rng.choice(centres)
            points.append((rng.gauss(lat, 0.015), rng.gauss(lon, 0.017)))
    return points


def held_karp(matrix: list[list[float]]) -> float:
    """Exact shortest closed tour from node 0 (O(2^n n^2); fine up to 13 nodes)."""
    n = len(matrix)
    best: dict[tuple[int, int], float] = {}
    for k in range(1, n):
        best[(1 << k, k)] = matrix[0][k]
    for size in range(2, n):
        for subset in itertools.combinations(range(1, n), size):
            bits = sum(1 << k for k in subset)
            for k in subset:
                prev = bits & ~(1 << k)
                best[(bits, k)] = min(best[(prev, j)] + matrix[j][k] for j in subset if j != k)
    full = sum(1 << k for k in range(1, n))
    return min(best[(full, k)] + matrix[k][0] for k in range(1, n))


def ortools_length(matrix: list[list[float]], seconds: float) -> float | None:
    try:
        from ortools.constraint_solver import (  # noqa: PLC0415
            pywrapcp,
            routing_enums_pb2,
        )
    except ImportError:
        return None
    n = len(matrix)
    metres = [[round(d * 1000) for d in row] for row in matrix]
    manager = pywrapcp.RoutingIndexManager(n, 1, 0)
    model = pywrapcp.RoutingModel(manager)

    def cost(i: int, j: int) -> int:
        return metres[manager.IndexToNode(i)][manager.IndexToNode(j)]

    model.SetArcCostEvaluatorOfAllVehicles(model.RegisterTransitCallback(cost))
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(int(seconds * 1000))
    solution = model.SolveWithParameters(params)
    if solution is None:
        return None
    tour, index = [], model.Start(0)
    while not model.IsEnd(index):
        tour.append(manager.IndexToNode(index))
        index = solution.Value(model.NextVar(index))
    return tour_length(matrix, tour)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min-stops", type=int, default=8)
    parser.add_argument("--max-stops", type=int, default=40)
    parser.add_argument("--ortools-seconds", type=float, default=1.0)
    parser.add_argument("--kicks", type=int, default=None, help="override the solver's kicks")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    ratios: list[float] = []
    times_ms: list[float] = []
    times_40: list[float] = []
    cpu_ms: list[float] = []
    cpu_40: list[float] = []
    exact_days = ortools_days = 0
    worst = (0.0, 0)
    for day in range(args.days):
        stops = rng.randint(args.min_stops, args.max_stops)
        if day == 0:
            stops = args.max_stops  # always at least one full day in the sample
        points = random_day(rng, stops)
        started, cpu_started = time.perf_counter(), time.process_time()
        route = plan_route(BRANCH, points, kicks=args.kicks)
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - cpu_started) * 1000
        times_ms.append(elapsed)
        cpu_ms.append(cpu)
        if stops == 40:
            times_40.append(elapsed)
            cpu_40.append(cpu)
        matrix = distance_matrix([BRANCH, *points])
        ours = tour_length(matrix, [0, *(i + 1 for i in route.order)])
        references = []
        if stops <= EXACT_MAX_STOPS:
            references.append(held_karp(matrix))
            exact_days += 1
        reference = ortools_length(matrix, args.ortools_seconds)
        if reference is not None:
            references.append(reference)
            ortools_days += 1
        if not references:
            continue
        ratio = ours / min(references)
        ratios.append(ratio)
        if ratio > worst[0]:
            worst = (ratio, stops)
        print(
            f"day {day + 1:3d}: {stops:2d} stops  {ours:7.2f} km  ratio {ratio:.4f}  "
            f"{elapsed:6.1f} ms",
            flush=True,
        )

    _report(ratios, worst, times_ms, times_40, exact_days, ortools_days, args.ortools_seconds)
    # On a shared machine wall time includes waiting for a core; CPU time does not.
    print(
        f"CPU time per route: mean {statistics.fmean(cpu_ms):.1f} ms"
        + (
            f"; 40-stop routes mean {statistics.fmean(cpu_40):.1f} ms, max {max(cpu_40):.1f} ms"
            if cpu_40
            else ""
        )
    )
    return 0


def _report(
    ratios: list[float],
    worst: tuple[float, int],
    times_ms: list[float],
    times_40: list[float],
    exact_days: int,
    ortools_days: int,
    seconds: float,
) -> None:
    print()
    if ortools_days == 0:
        print(
            "OR-Tools is not installed: compared with the exact optimum on days of "
            f"<= {EXACT_MAX_STOPS} stops only ({exact_days} days)"
        )
    else:
        print(
            f"reference: OR-Tools guided local search {seconds:g} s/day on "
            f"{ortools_days} days, exact Held-Karp on {exact_days} days of <= "
            f"{EXACT_MAX_STOPS} stops"
        )
    if ratios:
        mean = statistics.fmean(ratios)
        print(
            f"ratio to best known: mean {mean:.4f} (target <= {TARGET_MEAN}), worst "
            f"{worst[0]:.4f} on a {worst[1]}-stop day (target <= {TARGET_WORST})"
        )
    print(
        f"time per route: mean {statistics.fmean(times_ms):.1f} ms, max "
        f"{max(times_ms):.1f} ms over {len(times_ms)} days"
    )
    if times_40:
        print(
            f"40-stop routes: mean {statistics.fmean(times_40):.1f} ms, max "
            f"{max(times_40):.1f} ms over {len(times_40)} days (target < {TARGET_MS_40:g} ms)"
        )


if __name__ == "__main__":
    raise SystemExit(main())
