"""Background operations: run a function on a pool thread, hear back on the GUI thread.

Modelled on Anki's ``CollectionOp``::

    Op(self, lambda state: work(state)) \\
        .success(self._on_done).failure(self._on_error) \\
        .with_progress(self._on_progress).run()

The function runs on a ``QThreadPool`` thread and gets an :class:`OpState`
to report progress and to ask whether the user cancelled. It must not touch
widgets and opens its own database session. The callbacks run on the GUI
thread, and only while the parent widget still exists, so closing a window
while its work runs cannot call into a deleted widget.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from hvdesk import safelog

log = logging.getLogger(__name__)
T = TypeVar("T")
#: Explicit, so the callbacks run on the bridge's (the GUI) thread even when
#: the worker emits from its own.
_QUEUED = Qt.ConnectionType.QueuedConnection

#: Ops that are running: the pool holds only the C++ runnable, so the Python
#: side (callbacks, bridge) is kept alive here until its result is delivered.
_RUNNING: set[Op[Any]] = set()

#: Told of every op's failure on the GUI thread, before the op's own failure
#: callback (``ui.connection`` shows its banner when the connection is gone).
failure_watchers: list[Callable[[BaseException], object]] = []


class OpState:
    """What the function running on the worker sees of its op."""

    #: Progress reaches the GUI at most this often (the event queue must not flood).
    MIN_INTERVAL = 0.05

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._cancel = threading.Event()
        self._emit = emit
        self._last = 0.0
        self._last_label = ""

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def report(self, done: int, total: int, label: str = "") -> None:
        """Thread-safe; drops updates that come faster than the GUI can show them."""
        now = time.monotonic()
        if label == self._last_label and done < total and now - self._last < self.MIN_INTERVAL:
            return
        self._last, self._last_label = now, label
        self._emit(done, total, label)


class _Bridge(QObject):
    """Lives on the GUI thread; signals emitted from the worker arrive queued."""

    sig_progress = Signal(int, int, str)
    sig_done = Signal(object)
    sig_failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, job: Callable[[], None]) -> None:
        super().__init__()
        self._job = job
        # Python owns this object (the Op keeps it), not the pool.
        self.setAutoDelete(False)

    def run(self) -> None:
        self._job()


class Op(Generic[T]):
    def __init__(self, parent: QObject, fn: Callable[[OpState], T],
                 pool: QThreadPool | None = None) -> None:
        self._parent = parent
        self._fn = fn
        self._pool = pool or QThreadPool.globalInstance()
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_progress: Callable[[int, int, str], None] | None = None
        self._on_finally: Callable[[], None] | None = None
        self._bridge = _Bridge()
        self._bridge.sig_progress.connect(self._progress, type=_QUEUED)
        self._bridge.sig_done.connect(self._done, type=_QUEUED)
        self._bridge.sig_failed.connect(self._failed, type=_QUEUED)
        self.state = OpState(self._bridge.sig_progress.emit)
        self._finished = threading.Event()
        self._runnable = _Runnable(self._work)
        self.running = False

    # --- building -----------------------------------------------------------
    def success(self, cb: Callable[[T], None]) -> Op[T]:
        self._on_success = cb
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> Op[T]:
        self._on_failure = cb
        return self

    def with_progress(self, cb: Callable[[int, int, str], None]) -> Op[T]:
        self._on_progress = cb
        return self

    def finally_(self, cb: Callable[[], None]) -> Op[T]:
        """Runs after success or failure (e.g. to re-enable buttons)."""
        self._on_finally = cb
        return self

    # --- running ------------------------------------------------------------
    def run(self) -> Op[T]:
        if self.running:
            raise RuntimeError("this op is already running")
        self.running = True
        _RUNNING.add(self)
        self._pool.start(self._runnable)
        return self

    def cancel(self) -> None:
        """Ask the function to stop; it sees ``state.cancelled`` and raises or returns."""
        self.state.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker function returned (callbacks may still be queued)."""
        return self._finished.wait(timeout)

    def _work(self) -> None:
        try:
            result = self._fn(self.state)
        except BaseException as exc:  # delivered to the failure callback on the GUI thread
            self._finished.set()
            self._emit(self._bridge.sig_failed, exc)
            return
        self._finished.set()
        self._emit(self._bridge.sig_done, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the bridge is gone: the application is shutting down
            log.debug("background op finished after its bridge was deleted")

    # --- back on the GUI thread -----------------------------------------------
    def _alive(self) -> bool:
        return shiboken6.isValid(self._parent)

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, label: str) -> None:
        if self.running and self._on_progress is not None and self._alive():
            self._on_progress(done, total, label)

    @Slot(object)
    def _done(self, result: T) -> None:
        try:
            if self._on_success is not None and self._alive():
                self._on_success(result)
        finally:
            self._finish()

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        for watcher in list(failure_watchers):
            try:
                watcher(exc)
            except Exception:
                log.exception("op failure watcher failed")
        try:
            if self._on_failure is not None and self._alive():
                self._on_failure(exc)
            else:
                safelog.failure(log, "background op failed", exc)
        finally:
            self._finish()

    def _finish(self) -> None:
        self.running = False
        _RUNNING.discard(self)
        if self._on_finally is not None and self._alive():
            self._on_finally()
