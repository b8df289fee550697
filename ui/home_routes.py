"""Where the home page's links lead, wired where the main window builds the home page.

The home page names a destination (:class:`ui.pages.home_links.HomeLink`);
this module opens the section that handles it and selects the row the link
names: the calendar's day with the visits selected, the notices of those
visits with the notice current, the review queue on the report, the reports
list on the visit, the dashboard's promises or complaints tab on the row. A
user without that section gets the customer's file instead. The pages are
reached through the small interfaces below (Protocols), so no feature imports
another; a page still reading its rows selects once they arrive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import Any, Protocol

from PySide6.QtCore import QAbstractItemModel, SignalInstance
from PySide6.QtWidgets import QTableView, QTabWidget, QWidget

from ui.pages.home_links import SECTION_OF, Go, HomeLink

#: How many loads a page may take before the wanted row appears (a load already under
#: way, then the one asked for).
TRIES = 3


class Sections(Protocol):
    """The main window, as far as links reach it."""

    #: The pages built so far.
    built: dict[str, QWidget]

    def section_keys(self) -> list[str]: ...
    def page(self, key: str) -> QWidget: ...
    def show_section(self, key: str) -> None: ...


class _Rows(Protocol):
    """A list page whose model holds dataclass rows (``row_at``) and reads on a worker."""

    model: Any
    table: QTableView

    @property
    def sig_loaded(self) -> SignalInstance: ...
    def reload(self) -> object: ...


class _Calendar(Protocol):
    day: dt.date
    loaded: Any
    canvas: Any

    @property
    def sig_loaded(self) -> SignalInstance: ...
    def go_to(self, day: dt.date, mode: Any = None) -> None: ...
    def span(self) -> tuple[dt.date, dt.date]: ...


class _Notices(Protocol):
    @property
    def sig_loaded(self) -> SignalInstance: ...
    def show_visits(self, visit_ids: Collection[int]) -> None: ...
    def set_filter(self, wanted: Any) -> None: ...
    def select_notice(self, notice_id: int) -> bool: ...


class _Tab(Protocol):
    @property
    def sig_loaded(self) -> SignalInstance: ...
    def reload(self) -> object: ...


class _Dashboard(Protocol):
    tabs: QTabWidget
    promises: Any
    complaints: Any


def when_shown(signal: SignalInstance, select: Callable[[], bool],
               reload: Callable[[], object] | None = None, now: bool = True) -> None:
    """``select`` now if it can; else after each of the next :data:`TRIES` loads until it
    succeeds (``reload`` asks for one)."""
    if now and select():
        return
    left = [TRIES]

    def loaded() -> None:
        left[0] -= 1
        if select() or left[0] <= 0:
            signal.disconnect(loaded)

    signal.connect(loaded)
    if reload is not None:
        reload()


def select_row(page: _Rows, match: Callable[[Any], bool]) -> bool:
    model: QAbstractItemModel = page.model
    for row in range(model.rowCount()):
        if match(page.model.row_at(row)):
            page.table.selectRow(row)
            page.table.scrollTo(model.index(row, 0))
            return True
    return False


def follow(window: Sections, link: HomeLink, open_customer: Callable[[int], None]) -> None:
    """Open what ``link`` names (the customer's file when the user lacks its section)."""
    section = SECTION_OF.get(link.go)
    if section is None or section not in window.section_keys():
        if link.customer_id is not None:
            open_customer(link.customer_id)
        return
    fresh = section not in window.built
    page = window.page(section)
    window.show_section(section)
    route = {
        Go.DAY: _calendar,
        Go.NOTICES: _notices,
        Go.REVIEW: _review,
        Go.REPORTS: _reports,
        Go.PROMISES: _promises,
        Go.COMPLAINTS: _complaints,
    }[link.go]
    route(page, link, fresh)


def _calendar(page: Any, link: HomeLink, fresh: bool) -> None:
    from ui.calendar.layout import ViewMode  # noqa: PLC0415  (the calendar's code on demand)

    calendar: _Calendar = page
    if link.day is None:
        return
    before, had = calendar.span(), calendar.loaded is not None
    calendar.go_to(link.day, ViewMode.DAY)
    wanted = set(link.visit_ids)

    def select() -> bool:
        loaded = calendar.loaded
        if loaded is None or any(loaded.data.block(i) is None for i in wanted):
            return False
        calendar.canvas.set_selection(wanted)
        return True

    if wanted:
        when_shown(calendar.sig_loaded, select,
                   now=had and not fresh and calendar.span() == before)


def _notices(page: Any, link: HomeLink, _fresh: bool) -> None:
    from ui.notices.model import Filter  # noqa: PLC0415

    notices: _Notices = page
    if link.filter is not None:
        notices.set_filter(Filter(link.filter))
    notices.show_visits(link.visit_ids)  # reads those visits' notices again
    if link.notice_id is not None:
        notice_id = link.notice_id
        when_shown(notices.sig_loaded, lambda: notices.select_notice(notice_id), now=False)


def _review(page: Any, link: HomeLink, fresh: bool) -> None:
    queue: _Rows = page
    if link.report_id is None:
        return
    report_id = link.report_id
    when_shown(queue.sig_loaded, lambda: select_row(queue, lambda r: r.report_id == report_id),
               None if fresh else queue.reload, now=not fresh)


def _reports(page: Any, link: HomeLink, fresh: bool) -> None:
    reports: _Rows = page
    if not link.visit_ids:
        return
    visit_id = link.visit_ids[0]
    when_shown(reports.sig_loaded, lambda: select_row(reports, lambda r: r.visit_id == visit_id),
               None if fresh else reports.reload, now=not fresh)


def _promises(page: Any, link: HomeLink, fresh: bool) -> None:
    board: _Dashboard = page
    tab = board.promises
    board.tabs.setCurrentWidget(tab)
    changed = tab.status() != "broken"
    tab.set_status("broken")  # a new filter reads the list again
    if link.promise_id is not None:
        promise_id = link.promise_id
        when_shown(tab.sig_loaded, lambda: tab.select_promise(promise_id),
                   None if fresh or changed else tab.reload, now=not (fresh or changed))


def _complaints(page: Any, link: HomeLink, fresh: bool) -> None:
    board: _Dashboard = page
    tab = board.complaints
    board.tabs.setCurrentWidget(tab)
    if link.case_id is not None:
        case_id = link.case_id
        when_shown(tab.sig_loaded, lambda: tab.select_case(case_id),
                   None if fresh else tab.reload, now=not fresh)
