"""The home page: what the signed-in user has to do today, per role (issue 16 item 6).

Coordinators and managers see the branch's day (visits of today and tomorrow
per team, notices not sent or failed, replies asking to move a visit, reports
waiting or returned, broken promises, open complaints); visitors their own
day and the reports they owe; reviewers their queue. Everything comes from one
core read (:func:`hvdesk.services.home.home`) on a worker, read again shortly
after a committed change touches what it shows. Every row and every "show
all" emits ``sig_open(HomeLink)``; the main window opens the section that
handles it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from decimal import Decimal

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hvdesk import clock
from hvdesk.database import Database
from hvdesk.model.enums import NoticeStatus
from hvdesk.security.roles import Role
from hvdesk.services import home as core
from hvdesk.services.context import Actor
from ui.common.follow import Follower
from ui.icons import icon
from ui.pages.home_cards import STYLE, HomeCard
from ui.pages.home_links import SECTION_OF, Go, HomeLink
from ui.workers import Op, OpState

#: Tables whose rows the cards show.
COUNTED_TABLES = ("customer", "visit", "visit_member", "notice", "visit_report",
                  "promise_to_pay", "repayment", "complaint_case", "app_user")
#: A burst of changes (an import, a day planned) is read once, this long after the last.
DEBOUNCE_MS = 500
#: The cards of each role, in reading order (row by row), and the grid's columns.
BRANCH_CARDS = ("today", "tomorrow", "waiting", "unsent", "failed", "replies",
                "returned", "promises", "complaints")
LAYOUTS: dict[Role, tuple[tuple[str, ...], int, int]] = {
    # cards, columns, rows shown per card (fits 1366×768 without scrolling)
    Role.VISITOR: (("today", "tomorrow", "to_write", "returned"), 2, 7),
    Role.REVIEWER: (("waiting", "returned"), 2, 15),
}
Row = tuple[str, str, str, HomeLink | None]


def _hm(value: dt.datetime) -> str:
    return value.strftime("%H:%M")


def _md(value: dt.date | dt.datetime) -> str:
    return value.strftime("%m-%d")


def _money(value: Decimal) -> str:
    return f"¥{value:,.2f}"


class OverviewPage(QWidget):
    """The "Home" section. ``data`` is the last read; ``cards`` by key."""

    #: New figures are shown.
    sig_refreshed = Signal()
    #: The user wants to see what a row or a "show all" names.
    sig_open = Signal(object)  # HomeLink

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None,
                 sections: Collection[str] = ()) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setStyleSheet(STYLE)
        self._db = db
        self._actor = actor
        self._sections = frozenset(sections)
        self.data: core.Home | None = None
        self._op: Op[core.Home] | None = None
        self._again = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 16)
        layout.setSpacing(14)
        layout.addLayout(self._build_heading())
        layout.addWidget(self._build_cards(), 1)

        self.follower = Follower(self, COUNTED_TABLES, self.refresh, delay_ms=DEBOUNCE_MS)
        self.retranslateUi()
        self.refresh()

    def _build_heading(self) -> QHBoxLayout:
        self.greeting_label = QLabel()
        self.greeting_label.setObjectName("homeGreeting")
        self.branch_label = QLabel()
        self.branch_label.setObjectName("pageSubtitle")
        self.refresh_button = QPushButton(icon("refresh"), "")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.refresh)
        heading_text = QVBoxLayout()
        heading_text.setSpacing(2)
        heading_text.addWidget(self.greeting_label)
        heading_text.addWidget(self.branch_label)
        heading = QHBoxLayout()
        heading.addLayout(heading_text, 1)
        heading.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        return heading

    def _build_cards(self) -> QScrollArea:
        keys, columns, shown = LAYOUTS.get(self._actor.role, (BRANCH_CARDS, 3, 4))
        self.cards: dict[str, HomeCard] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(14)
        for n, key in enumerate(keys):
            card = HomeCard(key)
            card.max_rows = shown
            card.side_left = key in ("returned", "complaints") or (
                self._actor.role is Role.VISITOR and key in ("today", "tomorrow"))  # addresses
            card.sig_open.connect(self.sig_open)
            self.cards[key] = card
            grid.addWidget(card, n // columns, n % columns)
        for column in range(columns):
            grid.setColumnStretch(column, 1)
        for row in range((len(keys) + columns - 1) // columns):
            grid.setRowStretch(row, 1)
        body = QWidget()
        body.setObjectName("page")
        body.setLayout(grid)
        # Below 768 pixels of height the cards scroll rather than squeeze.
        scroll = QScrollArea()
        scroll.setObjectName("page")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return scroll

    # --- texts ----------------------------------------------------------------------------
    def retranslateUi(self) -> None:
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read again (F5)"))
        titles = {
            "today": self.tr("Visits today"),
            "tomorrow": self.tr("Visits tomorrow"),
            "waiting": self.tr("Reports waiting for review"),
            "unsent": self.tr("Notices not sent yet"),
            "failed": self.tr("Notices that failed"),
            "replies": self.tr("Customers asking to move"),
            "returned": self.tr("Reports returned"),
            "promises": self.tr("Broken promises"),
            "complaints": self.tr("Open complaints"),
            "to_write": self.tr("Reports to write"),
        }
        for key, card in self.cards.items():
            card.title_label.setText(titles[key])
        self._show_heading()
        if self.data is not None:
            self._show(self.data)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        # A desk left open overnight: the morning's page is about the new day.
        if self.data is not None and clock.today(self.data.timezone) != self.data.today:
            self.refresh()
        super().showEvent(event)

    def _show_heading(self) -> None:
        now = clock.now_in(self.data.timezone if self.data else self._actor.timezone)
        name = self._actor.display_name or self._actor.login
        if now.hour < 11:
            greeting = self.tr("Good morning, {0}")
        elif now.hour < 18:
            greeting = self.tr("Good afternoon, {0}")
        else:
            greeting = self.tr("Good evening, {0}")
        self.greeting_label.setText(greeting.format(name))
        day = self.locale().toString(QDate(now.year, now.month, now.day),
                                   QLocale.FormatType.LongFormat)
        branch = self.data.branch_name if self.data else ""
        self.branch_label.setText(
            self.tr("{0} · {1}").format(day, branch or self.tr("All branches"))
            if self.data else day)

    # --- reading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read again on a worker (one read at a time; a request meanwhile reads once more)."""
        if self._op is not None:
            self._again = True
            return
        db, actor, now = self._db, self._actor, clock.now()

        def work(_state: OpState) -> core.Home:
            with db.session() as session:
                return core.home(session, actor, now)

        self._op = Op(self, work).success(self._loaded).finally_(self._read).run()

    def _read(self) -> None:
        self._op = None
        if self._again:
            self._again = False
            self.refresh()

    def _loaded(self, data: core.Home) -> None:
        self.data = data
        self._show_heading()
        self._show(data)
        self.sig_refreshed.emit()

    # --- showing ----------------------------------------------------------------------------
    def _link(self, link: HomeLink) -> HomeLink | None:
        """``link`` if the user has the section it opens (else the card shows no link)."""
        section = SECTION_OF.get(link.go)
        return link if section is None or section in self._sections else None

    def _rows(self, rows: list[Row]) -> list[Row]:
        """Rows lead where the user has the section, else to the customer's file, else nowhere."""
        return [(lead, main, side, link if link is not None and (
            self._link(link) is not None or link.customer_id is not None) else None)
            for lead, main, side, link in rows]

    def _show(self, data: core.Home) -> None:
        show: dict[str, Callable[[HomeCard], None]] = {
            "today": lambda c: self._show_day(c, data.today_plan, today=True),
            "tomorrow": lambda c: self._show_day(c, data.tomorrow_plan, today=False),
            "unsent": lambda c: self._show_notices(c, data.notices_unsent, "unsent"),
            "failed": lambda c: self._show_notices(c, data.notices_failed, "failed"),
            "replies": lambda c: self._show_notices(c, data.move_replies, "replies"),
            "waiting": lambda c: self._show_waiting(c, data.reports_waiting),
            "returned": lambda c: self._show_returned(c, data.reports_returned),
            "to_write": lambda c: self._show_to_write(c, data.reports_to_write),
            "promises": lambda c: self._show_promises(c, data.broken_promises),
            "complaints": lambda c: self._show_complaints(c, data.open_complaints),
        }
        for key, card in self.cards.items():
            show[key](card)

    def _visits(self, count: int) -> str:
        return self.tr("1 visit") if count == 1 else self.tr("{0} visits").format(count)

    def _show_day(self, card: HomeCard, plan: core.DayPlan | None, today: bool) -> None:
        if plan is None:
            return
        card.set_count(plan.count)
        own = self._actor.role is Role.VISITOR
        if plan.count == 0:
            card.note_label.setText(_md(plan.day))
        elif own:
            card.note_label.setText(self.tr("{0} · first at {1}").format(
                _md(plan.day), _hm(plan.visits[0].start)))
        else:
            card.note_label.setText(self.tr("{0} · {1} teams · first at {2}").format(
                _md(plan.day), len(plan.teams), _hm(min(t.first_start for t in plan.teams))))
        rows: list[Row]
        if own:
            rows = [(_hm(v.start), v.customer, v.address or v.team,
                     HomeLink(Go.DAY, day=plan.day, visit_ids=(v.visit_id,),
                              customer_id=v.customer_id))
                    for v in plan.visits]
        else:
            rows = [(_hm(t.first_start), t.team, self._visits(len(t.visit_ids)),
                     HomeLink(Go.DAY, day=plan.day, visit_ids=t.visit_ids))
                    for t in plan.teams]
        if today:
            empty = (self.tr("You have no visit today.") if own
                     else self.tr("No visit is planned for today."))
        else:
            empty = (self.tr("You have no visit tomorrow.") if own
                     else self.tr("No visit is planned for tomorrow yet."))
        card.set_rows(self._rows(rows), empty)
        card.set_all_link(self.tr("Open the calendar ›"),
                          self._link(HomeLink(Go.DAY, day=plan.day)))

    def _notice_state(self, row: core.NoticeRow, kind: str) -> str:
        if kind == "replies" and row.reply:
            return self.tr("replied “{0}”").format(row.reply)
        return {
            NoticeStatus.DRAFT: self.tr("draft"),
            NoticeStatus.QUEUED: self.tr("queued"),
            NoticeStatus.FAILED: self.tr("failed"),
        }.get(row.status, row.status.value)

    def _show_notices(self, card: HomeCard, data: core.Card[core.NoticeRow] | None,
                      kind: str) -> None:
        if data is None:
            return
        card.set_count(data.count, alert=kind != "unsent")
        notes = {
            "unsent": self.tr("Drafts and queued notices of visits ahead"),
            "failed": self.tr("The carrier could not deliver them"),
            "replies": self.tr("Replied “2”: call back and move the visit"),
        }
        empties = {
            "unsent": self.tr("Every visit ahead has its notice sent."),
            "failed": self.tr("No notice failed."),
            "replies": self.tr("No customer asked to move a visit."),
        }
        filters = {"unsent": "all", "failed": "failed", "replies": "attention"}
        card.note_label.setText(notes[kind])
        card.set_rows(self._rows([
            (f"{_md(n.visit_start)} {_hm(n.visit_start)}", n.customer, self._notice_state(n, kind),
             HomeLink(Go.NOTICES, visit_ids=(n.visit_id,), notice_id=n.notice_id,
                      customer_id=n.customer_id, filter=filters[kind]))
            for n in data.rows]), empties[kind])
        card.set_all_link(self.tr("Open the notices ›"), self._link(HomeLink(
            Go.NOTICES, visit_ids=data.visit_ids, filter=filters[kind])) if data.count else None)

    def _show_waiting(self, card: HomeCard, data: core.Card[core.ReportRow] | None) -> None:
        if data is None:
            return
        card.set_count(data.count)
        card.note_label.setText(
            self.tr("Oldest submitted {0}").format(_md(data.rows[0].since)) if data.rows
            else self.tr("Submitted by the teams"))
        card.set_rows(self._rows([
            (_md(r.since), r.customer, r.author,
             HomeLink(Go.REVIEW, report_id=r.report_id, customer_id=r.customer_id))
            for r in data.rows]), self.tr("No report is waiting for review."))
        card.set_all_link(self.tr("Open the review queue ›"), self._link(HomeLink(Go.REVIEW)))

    def _show_returned(self, card: HomeCard, data: core.Card[core.ReportRow] | None) -> None:
        if data is None:
            return
        card.set_count(data.count, alert=self._actor.role is Role.VISITOR)
        card.note_label.setText(
            self.tr("Returned to you to correct") if self._actor.role is Role.VISITOR
            else self.tr("Returned by a reviewer, waiting for the author"))
        card.set_rows(self._rows([
            (_md(r.since), r.customer, r.comment or r.author,
             HomeLink(Go.REPORTS, visit_ids=(r.visit_id,), report_id=r.report_id,
                      customer_id=r.customer_id))
            for r in data.rows]), self.tr("No report is returned."))
        card.set_all_link(self.tr("Open the reports ›"), self._link(HomeLink(Go.REPORTS)))

    def _show_to_write(self, card: HomeCard, data: core.Card[core.ReportRow] | None) -> None:
        if data is None:
            return
        card.set_count(data.count, alert=True)
        card.note_label.setText(self.tr("Visits done whose report is missing or a draft"))
        card.set_rows(self._rows([
            (_md(r.visit_start), r.customer,
             self.tr("draft") if r.report_id is not None else self.tr("not started"),
             HomeLink(Go.REPORTS, visit_ids=(r.visit_id,), report_id=r.report_id,
                      customer_id=r.customer_id))
            for r in data.rows]), self.tr("Every report is written. Thank you!"))
        card.set_all_link(self.tr("Open the reports ›"), self._link(HomeLink(Go.REPORTS)))

    def _show_promises(self, card: HomeCard, data: core.Card[core.PromiseRow] | None) -> None:
        if data is None:
            return
        card.set_count(data.count, alert=True)
        card.note_label.setText(self.tr("Due date passed, nothing paid"))
        card.set_rows(self._rows([
            (_md(p.due), p.customer, _money(p.amount),
             HomeLink(Go.PROMISES, promise_id=p.promise_id, customer_id=p.customer_id))
            for p in data.rows]), self.tr("No promise is broken."))
        card.set_all_link(self.tr("Open the promises ›"), self._link(HomeLink(Go.PROMISES)))

    def _show_complaints(self, card: HomeCard,
                         data: core.Card[core.ComplaintRow] | None) -> None:
        if data is None:
            return
        card.set_count(data.count, alert=True)
        card.note_label.setText(
            self.tr("The oldest is past its due date") if data.rows and data.rows[0].overdue
            else self.tr("To answer by their due date"))
        card.set_rows(self._rows([
            (_md(c.due), c.customer, c.text,
             HomeLink(Go.COMPLAINTS, case_id=c.case_id, customer_id=c.customer_id))
            for c in data.rows]), self.tr("No complaint is open."))
        card.set_all_link(self.tr("Open the complaints ›"),
                          self._link(HomeLink(Go.COMPLAINTS)))
