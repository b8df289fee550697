"""Record the post-visit survey of a completed visit, and open a complaint case from it.

The survey is taken by phone or read from the customer's SMS reply
("5 是 很好": :func:`hvdesk.visitreports.parse_sms_reply` fills the form).
Ticking "This is a complaint" asks for the complaint, its owner (a manager or
coordinator of the branch) and a due date (a week from today by default).
Saved in one short transaction through :func:`hvdesk.visitreports.record_feedback`.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from hvdesk import clock
from hvdesk import visitreports as core
from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.services.context import Actor
from hvdesk.visitreports.owners import Owner, owner_candidates
from ui.common.dialogs import background, dialog_style, error_label, stack
from ui.common.report_texts import channel_name

#: Days a complaint case has by default before it is overdue.
DUE_DAYS = 7


def _load(db: Database, actor: Actor, visit_id: int) -> tuple[list[Owner], int]:
    """The owners to choose from and how much feedback the visit already has."""
    with db.session() as session:
        owners = owner_candidates(session, actor, visit_id)
        try:
            earlier = len(core.feedback_for_visit(session, actor, visit_id))
        except HvdeskError:
            earlier = 0
    return owners, earlier


class FeedbackDialog(QDialog):
    """One piece of feedback for a visit; the owners to choose from are read on a worker
    (``sig_loaded``, ``loaded``) and the feedback saved on one (``sig_saved``)."""

    sig_saved = Signal(object)  # FeedbackView
    sig_loaded = Signal()

    def __init__(
        self,
        db: Database,
        actor: Actor,
        visit_id: int,
        customer: str,
        when: str,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackDialog")
        self.setStyleSheet(dialog_style())
        self.setMinimumWidth(560)
        self._db = db
        self._actor = actor
        self.visit_id = visit_id
        self.customer = customer
        self.when = when
        # The branch's zone is not known here; the default zone is the branches' own.
        self.today = today or clock.today(clock.DEFAULT_ZONE)
        self.saved: core.FeedbackView | None = None
        self.owners: list[Owner] = []
        self.loaded = False
        self._earlier = 0
        self._build()
        self.earlier_label.hide()
        self.save_button.setEnabled(False)
        self.retranslateUi()
        self._channel_changed()
        self._complaint_toggled(False)
        background(self, lambda: _load(db, actor, visit_id), self._loaded, self.error_label)

    def _loaded(self, loaded: tuple[list[Owner], int]) -> None:
        self.owners, self._earlier = loaded
        for owner in self.owners:
            self.owner_combo.addItem(f"{owner.name} ({owner.employee_no})", owner.id)
        mine = self.owner_combo.findData(self._actor.user_id)
        if mine >= 0 and not any(o.role.value == "manager" for o in self.owners):
            self.owner_combo.setCurrentIndex(mine)
        self.earlier_label.setVisible(bool(self._earlier))
        self.save_button.setEnabled(True)
        self.loaded = True
        self.retranslateUi()
        self.sig_loaded.emit()

    # --- construction ------------------------------------------------------------------------
    def _build(self) -> None:
        self._build_survey()
        self._build_complaint()
        self.error_label = error_label()
        self.save_button = QPushButton()
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.reject)
        stack(self, [self.title_label, self.subtitle_label, self.earlier_label, self.form,
                     self.complaint_check, self.complaint_box, self.error_label],
              self.cancel_button, self.save_button)

    def _build_survey(self) -> None:
        self.title_label = QLabel()
        self.title_label.setObjectName("dialogTitle")
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("dialogSubtitle")
        self.earlier_label = QLabel()
        self.earlier_label.setObjectName("noticeMessage")
        self.channel_combo = QComboBox()
        for channel in core.FEEDBACK_CHANNELS:
            self.channel_combo.addItem("", channel)
        self.channel_combo.currentIndexChanged.connect(self._channel_changed)
        self.reply_edit = QLineEdit()
        self.reply_button = QPushButton()
        self.reply_button.clicked.connect(self.read_reply)
        reply_row = QHBoxLayout()
        reply_row.addWidget(self.reply_edit, 1)
        reply_row.addWidget(self.reply_button)
        self.reply_widget = QWidget()
        self.reply_widget.setLayout(reply_row)
        reply_row.setContentsMargins(0, 0, 0, 0)

        self.score_buttons: dict[int, QToolButton] = {}
        self.score_group = QButtonGroup(self)
        score_row = QHBoxLayout()
        score_row.setSpacing(6)
        for score in range(1, 6):
            button = QToolButton()
            button.setObjectName("scoreButton")
            button.setText(str(score))
            button.setCheckable(True)
            self.score_group.addButton(button, score)
            self.score_buttons[score] = button
            score_row.addWidget(button)
        self.score_hint = QLabel()
        self.score_hint.setObjectName("hint")
        score_row.addSpacing(8)
        score_row.addWidget(self.score_hint, 1)
        self.respected_combo = QComboBox()
        for value in ("", "yes", "no"):
            self.respected_combo.addItem("", value)
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setFixedHeight(70)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(16)
        self.form.setVerticalSpacing(10)
        self._labels = [QLabel() for _ in range(5)]
        self.form.addRow(self._labels[0], self.channel_combo)
        self.form.addRow(self._labels[1], self.reply_widget)
        self.form.addRow(self._labels[2], score_row)
        self.form.addRow(self._labels[3], self.respected_combo)
        self.form.addRow(self._labels[4], self.comment_edit)

    def _build_complaint(self) -> None:
        self.complaint_check = QCheckBox()
        self.complaint_check.toggled.connect(self._complaint_toggled)
        self.complaint_box = QGroupBox()
        self.complaint_edit = QPlainTextEdit()
        self.complaint_edit.setTabChangesFocus(True)
        self.complaint_edit.setFixedHeight(80)
        self.owner_combo = QComboBox()
        self.due_edit = QDateEdit()
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("yyyy-MM-dd")
        due = self.today + dt.timedelta(days=DUE_DAYS)
        self.due_edit.setDate(QDate(due.year, due.month, due.day))
        self.due_edit.setMinimumDate(QDate(self.today.year, self.today.month, self.today.day))
        complaint_form = QFormLayout(self.complaint_box)
        complaint_form.setHorizontalSpacing(16)
        self._complaint_labels = [QLabel() for _ in range(3)]
        complaint_form.addRow(self._complaint_labels[0], self.complaint_edit)
        complaint_form.addRow(self._complaint_labels[1], self.owner_combo)
        complaint_form.addRow(self._complaint_labels[2], self.due_edit)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Customer feedback"))
        self.title_label.setText(self.tr("Feedback from {0}").format(self.customer))
        self.subtitle_label.setText(self.tr("Visit of {0}").format(self.when))
        self.earlier_label.setText(
            self.tr("{0} feedback already recorded for this visit; saving adds another.").format(
                self._earlier
            )
        )
        for row in range(self.channel_combo.count()):
            self.channel_combo.setItemText(row, channel_name(str(self.channel_combo.itemData(row))))
        for k, text in enumerate((
            self.tr("Channel:"),
            self.tr("SMS reply:"),
            self.tr("Satisfaction:"),
            self.tr("Felt respected:"),
            self.tr("Comment:"),
        )):
            self._labels[k].setText(text)
        self.reply_edit.setPlaceholderText(self.tr("Paste the reply, e.g. 5 是 很好"))
        self.reply_button.setText(self.tr("Read reply"))
        self.score_hint.setText(self.tr("1 very dissatisfied · 5 very satisfied"))
        for row, text in enumerate((self.tr("Not asked"), self.tr("Yes"), self.tr("No"))):
            self.respected_combo.setItemText(row, text)
        self.comment_edit.setPlaceholderText(self.tr("What the customer said (optional)"))
        self.complaint_check.setText(self.tr("This is a complaint"))
        self.complaint_box.setTitle(self.tr("Complaint case"))
        for k, text in enumerate((self.tr("Complaint:"), self.tr("Owner:"), self.tr("Due:"))):
            self._complaint_labels[k].setText(text)
        self.complaint_edit.setPlaceholderText(self.tr("What the customer complains about"))
        self.save_button.setText(self.tr("Save"))
        self.cancel_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- behaviour ---------------------------------------------------------------------------
    def _channel_changed(self) -> None:
        sms = self.channel() == "sms"
        self.reply_widget.setVisible(sms)
        self.form.setRowVisible(1, sms)

    def _complaint_toggled(self, on: bool) -> None:
        self.complaint_box.setVisible(on)
        self.adjustSize()

    def channel(self) -> core.FeedbackChannel:
        value = str(self.channel_combo.currentData())
        return next(c for c in core.FEEDBACK_CHANNELS if c == value)

    def satisfaction(self) -> int | None:
        score = self.score_group.checkedId()
        return score if score > 0 else None

    def set_satisfaction(self, score: int | None) -> None:
        if score in self.score_buttons:
            self.score_buttons[score].setChecked(True)
        else:
            self.score_group.setExclusive(False)
            for button in self.score_buttons.values():
                button.setChecked(False)
            self.score_group.setExclusive(True)

    def read_reply(self) -> None:
        """Fill score, "respected" and comment from the SMS reply text."""
        score, respected, comment = core.parse_sms_reply(self.reply_edit.text())
        self.set_satisfaction(score)
        self.set_respected(respected)
        if comment:
            self.comment_edit.setPlainText(comment)

    def respected(self) -> bool | None:
        return {"yes": True, "no": False}.get(str(self.respected_combo.currentData()))

    def set_respected(self, value: bool | None) -> None:
        key = "" if value is None else ("yes" if value else "no")
        self.respected_combo.setCurrentIndex(self.respected_combo.findData(key))

    def owner_id(self) -> int | None:
        value = self.owner_combo.currentData()
        return int(value) if value is not None else None

    def due(self) -> dt.date:
        d = self.due_edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def save(self) -> None:
        """Store on a worker; ``sig_saved`` and the dialog closes when stored."""
        if not self.loaded:
            return
        complaint = self.complaint_edit.toPlainText().strip() if self.complaint_check.isChecked() \
            else None
        if self.complaint_check.isChecked() and not complaint:
            self.show_error(self.tr("Write what the customer complains about."))
            self.complaint_edit.setFocus()
            return
        db, actor, visit_id = self._db, self._actor, self.visit_id
        comment = self.comment_edit.toPlainText().strip() or None
        score, respected, channel = self.satisfaction(), self.respected(), self.channel()
        owner_id = self.owner_id() if complaint else None
        due = self.due() if complaint else None

        def work() -> core.FeedbackView:
            with db.begin() as session:
                return core.record_feedback(session, actor, visit_id, score, respected, comment,
                                            channel, complaint=complaint, owner_id=owner_id,
                                            due=due)

        background(self, work, self._saved, self.error_label, (self.save_button,))

    def _saved(self, saved: core.FeedbackView) -> None:
        self.saved = saved
        self.sig_saved.emit(saved)
        self.accept()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
