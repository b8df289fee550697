"""Customer chunks, made in this process or, for big runs, in a helper process.

Making a customer (names, numbers, addresses, loans) costs about as much
Python time as storing it, and threads do not help (the GIL; measured slower
than one thread). So for a large demo a second process makes the chunks
while this one encrypts and inserts the previous one, which roughly halves
the time on two cores. One maker makes every chunk in order with the same
seeded RNG, in either mode: the data are the same.

The helper sends clear ID and phone numbers to this process over a local
pipe; they are encrypted here, with the database's cipher, which never leaves
this process. The helper is spawned (not forked) so that no database
connection or thread is inherited. In the bundle the spawned process is the
application's own executable, turned into the helper by
``multiprocessing.freeze_support`` in its entry point (packaging/entry.py).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import random
from collections.abc import Iterator
from typing import Any

from hvdesk.demo.customers import Candidate, CustomerMaker
from hvdesk.demo.places import Places
from hvdesk.errors import HvdeskError

Rows = list[dict[str, Any]]
Chunk = tuple[Rows, Rows]
#: From this many customers a helper process pays for its start-up (~1 s).
PARALLEL_FROM = 100_000


def parallel_possible() -> bool:
    return (os.cpu_count() or 1) > 1


def _chunks(maker: CustomerMaker, customers: int, chunk: int) -> Iterator[Chunk]:
    for first in range(1, customers + 1, chunk):
        yield maker.chunk(first, min(chunk, customers - first + 1))


def _work(seed: int, customers: int, branch_id: int, chunk: int, out: Any) -> None:
    """The helper process: make every chunk, then hand over the visit pools."""
    try:
        maker = CustomerMaker(random.Random(seed), branch_id, Places())
        for item in _chunks(maker, customers, chunk):
            out.put(("chunk", item))
        out.put(("done", maker.candidates()))
    except BaseException as exc:  # reported to the parent, which raises
        out.put(("error", f"{type(exc).__name__}: {exc}"))


class CustomerStream:
    """Iterate for the chunks; afterwards :attr:`candidates` holds the visit pools."""

    def __init__(self, seed: int, customers: int, branch_id: int, chunk: int,
                 parallel: bool) -> None:
        self._seed = seed
        self._customers = customers
        self._branch_id = branch_id
        self._chunk = chunk
        self._parallel = parallel
        self.candidates: tuple[list[Candidate], list[Candidate]] = ([], [])

    def __iter__(self) -> Iterator[Chunk]:
        if self._parallel:
            yield from self._in_helper()
            return
        maker = CustomerMaker(random.Random(self._seed), self._branch_id, Places())
        yield from _chunks(maker, self._customers, self._chunk)
        self.candidates = maker.candidates()

    def _in_helper(self) -> Iterator[Chunk]:
        ctx = multiprocessing.get_context("spawn")
        out = ctx.Queue(maxsize=2)
        helper = ctx.Process(
            target=_work,
            args=(self._seed, self._customers, self._branch_id, self._chunk, out),
            name="hvdesk-demo-maker",
            daemon=True,
        )
        helper.start()
        try:
            while True:
                try:
                    kind, payload = out.get(timeout=1.0)
                except queue.Empty:
                    if not helper.is_alive():
                        raise HvdeskError(
                            "the demo data helper process stopped unexpectedly"
                        ) from None
                    continue
                if kind == "chunk":
                    yield payload
                elif kind == "done":
                    self.candidates = payload
                    return
                else:
                    raise HvdeskError(f"making demo data failed: {payload}")
        finally:
            if helper.is_alive():
                helper.terminate()
            helper.join(timeout=10)
            out.close()
            out.join_thread()
