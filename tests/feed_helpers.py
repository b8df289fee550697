"""Listening to a change feed in tests: what arrived, when, and in which state."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from hvdesk.changefeed import ChangeFeed, FeedState
from hvdesk.changes import OpChanges


@dataclass
class Heard:
    """Changes and states a feed reported (from its thread), with arrival times."""

    changes: list[OpChanges] = field(default_factory=list)
    arrived: list[float] = field(default_factory=list)
    states: list[FeedState] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def change(self, value: OpChanges) -> None:
        with self._cond:
            self.changes.append(value)
            self.arrived.append(time.perf_counter())
            self._cond.notify_all()

    def state(self, state: FeedState, _detail: str) -> None:
        with self._cond:
            self.states.append(state)
            self._cond.notify_all()

    def wait(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(predicate, timeout)

    def wait_state(self, state: FeedState, after: int = 0, timeout: float = 10.0) -> bool:
        return self.wait(lambda: state in self.states[after:], timeout)

    def seqs(self) -> list[int]:
        return [c.seq for c in self.changes if c.seq is not None]

    def table_ids(self, table: str) -> list[int]:
        return sorted(i for c in self.changes for i in (c.ids(table) or ()))


def quick(feed: ChangeFeed, *, grace: float = 0.3) -> ChangeFeed:
    """Short timings, so the floor moves and retries come within a test's patience."""
    feed.grace = grace
    feed.idle_check = 1.0
    feed.backoff = (0.2, 0.5, 1.0)
    return feed
