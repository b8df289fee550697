"""Every input of the visit report, in grouped boxes on two columns, and the ReportData they make.

The widget knows nothing of the workflow: it shows a :class:`ReportData`,
gives one back (:meth:`ReportFields.data`), says when the user changed
something (:attr:`sig_edited`), marks the fields the outcome requires and
shows the refusals of a submit beside the fields they concern.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.model.enums import Attitude, Housing, ReportOutcome
from hvdesk.visitreports import (
    CONDUCT_ITEMS,
    IncomeSource,
    OtherDebt,
    PersonPresent,
    ReportData,
)
from ui.labels import QT_TRANSLATE_NOOP
from ui.visitreport import labels
from ui.visitreport.widgets import (
    OptionalDate,
    OptionalSpin,
    RowColumn,
    RowTable,
    ScaleWidget,
    TextBox,
    TimeEdit,
    amount_text,
    parse_amount,
)

#: The order errors are looked at (the first one gets the focus).
FIELD_ORDER = (
    "outcome", "arrived_at", "left_at", "people_present", "household_size", "dependants",
    "housing", "income_sources", "other_debts", "assets", "attitude", "ability_to_repay",
    "willingness_to_repay", "customer_requests", "promise_amount", "promise_date",
    "recommendation", "notes", "conduct",
)
#: Column titles of the row tables (marked here: lupdate cannot read them through a lambda).
COLUMNS = (
    QT_TRANSLATE_NOOP("ReportFields", "Name"),
    QT_TRANSLATE_NOOP("ReportFields", "Relation"),
    QT_TRANSLATE_NOOP("ReportFields", "Not party to the debt"),
    QT_TRANSLATE_NOOP("ReportFields", "Source"),
    QT_TRANSLATE_NOOP("ReportFields", "Monthly (CNY)"),
    QT_TRANSLATE_NOOP("ReportFields", "Lender"),
    QT_TRANSLATE_NOOP("ReportFields", "Amount (CNY)"),
)
_FIELD_KEY = re.compile(r"^[a-z_]+")
_MSG = "VisitReportMessages"
T = TypeVar("T")


def field_of(key: str) -> str:
    """``income_sources[1].monthly`` / ``conduct.badge_shown`` → the form field."""
    found = _FIELD_KEY.match(key)
    return found.group(0) if found else key


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportFields", text)


class ReportFields(QWidget):
    sig_edited = Signal()
    #: The outcome changed (the form re-marks the required fields).
    sig_outcome_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportFields")
        self.visit_start: dt.datetime | None = None
        self.captions: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}
        self.required: frozenset[str] = frozenset()
        self._loading = False
        self._build()
        self._connect()
        self.retranslateUi()

    # --- construction ----------------------------------------------------------------
    def _row(self, form: QFormLayout, key: str, widget: QWidget, wide: bool = False) -> None:
        """Caption, input and its error label; ``wide`` puts the caption above (tables)."""
        caption = QLabel()
        caption.setObjectName("fieldCaption")
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        caption.setBuddy(widget)
        if wide:
            form.addRow(caption)
            form.addRow(box)
        else:
            form.addRow(caption, box)
        self.captions[key] = caption
        self.errors[key] = error
        self.inputs[key] = widget

    @staticmethod
    def _group() -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox()
        form = QFormLayout(box)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        return box, form

    @staticmethod
    def _combo(values: Iterable[object]) -> QComboBox:
        """A choice whose first entry is "no value"."""
        combo = QComboBox()
        combo.addItem("", None)
        for value in values:
            combo.addItem("", value)
        return combo

    def _build(self) -> None:
        self.outcome_combo = self._combo(ReportOutcome)
        self.arrived_edit = TimeEdit()
        self.left_edit = TimeEdit()
        self.people = RowTable([
            RowColumn("name", lambda: _tr(COLUMNS[0])),
            RowColumn("relation", lambda: _tr(COLUMNS[1])),
            RowColumn("not_party", lambda: _tr(COLUMNS[2]), "check", True),
        ], stretch=1)
        self.household_spin = OptionalSpin(30)
        self.dependants_spin = OptionalSpin(30)
        self.housing_combo = self._combo(Housing)
        self.incomes = RowTable([
            RowColumn("source", lambda: _tr(COLUMNS[3])),
            RowColumn("monthly", lambda: _tr(COLUMNS[4]), "money"),
        ])
        self.debts = RowTable([
            RowColumn("lender", lambda: _tr(COLUMNS[5])),
            RowColumn("amount", lambda: _tr(COLUMNS[6]), "money"),
            RowColumn("monthly", lambda: _tr(COLUMNS[4]), "money"),
        ])
        self.assets_edit = TextBox(2)
        self.attitude_combo = self._combo(Attitude)
        self.ability_scale = ScaleWidget()
        self.willingness_scale = ScaleWidget()
        self.requests_edit = TextBox(2)
        self.promise_amount_edit = QLineEdit()
        self.promise_amount_edit.setMaximumWidth(180)
        self.promise_date_edit = OptionalDate()
        self.promise_date_edit.setMaximumWidth(180)
        self.recommendation_edit = TextBox(3)
        self.notes_edit = TextBox(3)
        self.conduct_box = self._build_conduct()
        self._build_groups()

    def _build_groups(self) -> None:
        self.visit_group, form = self._group()
        self._row(form, "outcome", self.outcome_combo)
        self._row(form, "arrived_at", self.arrived_edit)
        self._row(form, "left_at", self.left_edit)
        self._row(form, "people_present", self.people, wide=True)
        self.people_hint = QLabel()
        self.people_hint.setObjectName("hint")
        self.people_hint.setWordWrap(True)
        form.addRow(self.people_hint)
        self.household_group, form = self._group()
        self._row(form, "household_size", self.household_spin)
        self._row(form, "dependants", self.dependants_spin)
        self._row(form, "housing", self.housing_combo)
        self.finance_group, form = self._group()
        self._row(form, "income_sources", self.incomes, wide=True)
        self.income_total = QLabel()
        self.income_total.setObjectName("hint")
        form.addRow(self.income_total)
        self._row(form, "other_debts", self.debts, wide=True)
        self._row(form, "assets", self.assets_edit)
        self.customer_group, form = self._group()
        self._row(form, "attitude", self.attitude_combo)
        self._row(form, "ability_to_repay", self.ability_scale)
        self._row(form, "willingness_to_repay", self.willingness_scale)
        self._row(form, "customer_requests", self.requests_edit)
        self.promise_group, form = self._group()
        self._row(form, "promise_amount", self.promise_amount_edit)
        self._row(form, "promise_date", self.promise_date_edit)
        self.assessment_group, form = self._group()
        self._row(form, "recommendation", self.recommendation_edit)
        self._row(form, "notes", self.notes_edit)

        left = QVBoxLayout()
        left.setSpacing(12)
        for group in (self.visit_group, self.household_group, self.finance_group):
            left.addWidget(group)
        left.addStretch(1)
        self.right_column = QVBoxLayout()
        right = self.right_column
        right.setSpacing(12)
        for group in (self.customer_group, self.promise_group, self.assessment_group,
                      self.conduct_box):
            right.addWidget(group)
        right.addStretch(1)
        columns = QHBoxLayout(self)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(14)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

    def _build_conduct(self) -> QGroupBox:
        box = QGroupBox()
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.conduct_labels: dict[str, QLabel] = {}
        self.conduct_groups: dict[str, QButtonGroup] = {}
        self.conduct_yes: dict[str, QRadioButton] = {}
        self.conduct_no: dict[str, QRadioButton] = {}
        for row, key in enumerate(CONDUCT_ITEMS):
            text = QLabel()
            text.setWordWrap(True)
            yes, no = QRadioButton(), QRadioButton()
            group = QButtonGroup(box)
            group.addButton(yes, 1)
            group.addButton(no, 0)
            grid.addWidget(text, row, 0)
            grid.addWidget(yes, row, 1)
            grid.addWidget(no, row, 2)
            self.conduct_labels[key] = text
            self.conduct_groups[key] = group
            self.conduct_yes[key] = yes
            self.conduct_no[key] = no
        grid.setColumnStretch(0, 1)
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        grid.addWidget(error, len(CONDUCT_ITEMS), 0, 1, 3)
        self.errors["conduct"] = error
        self.inputs["conduct"] = self.conduct_yes[CONDUCT_ITEMS[0]]
        return box

    def _connect(self) -> None:
        edited = self._edited
        self.outcome_combo.currentIndexChanged.connect(self._outcome_changed)
        for combo in (self.housing_combo, self.attitude_combo):
            combo.currentIndexChanged.connect(edited)
        for line in (self.arrived_edit, self.left_edit, self.promise_amount_edit,
                     self.promise_date_edit):
            line.textEdited.connect(edited)
        for spin in (self.household_spin, self.dependants_spin):
            spin.valueChanged.connect(edited)
        for box in (self.assets_edit, self.requests_edit, self.recommendation_edit,
                    self.notes_edit):
            box.textChanged.connect(edited)
        for scale in (self.ability_scale, self.willingness_scale):
            scale.sig_changed.connect(edited)
        for table in (self.people, self.incomes, self.debts):
            table.model.sig_edited.connect(edited)
        self.incomes.model.sig_edited.connect(self._show_income_total)
        for group in self.conduct_groups.values():
            group.idToggled.connect(self._conduct_toggled)

    def _conduct_toggled(self, _id: int, on: bool) -> None:
        if on:
            self._edited()

    def _edited(self) -> None:
        if not self._loading:
            self.sig_edited.emit()

    def _outcome_changed(self) -> None:
        self._edited()
        if not self._loading:
            self.sig_outcome_changed.emit()

    # --- texts ------------------------------------------------------------------------
    def retranslateUi(self) -> None:
        for index in range(1, self.outcome_combo.count()):
            self.outcome_combo.setItemText(
                index, labels.name(labels.OUTCOMES, self.outcome_combo.itemData(index)))
        self.outcome_combo.setItemText(0, self.tr("Choose the outcome…"))
        for combo, table in ((self.housing_combo, labels.HOUSING),
                             (self.attitude_combo, labels.ATTITUDES)):
            combo.setItemText(0, labels.DASH)
            for index in range(1, combo.count()):
                combo.setItemText(index, labels.name(table, combo.itemData(index)))
        self.visit_group.setTitle(self.tr("Visit"))
        self.household_group.setTitle(self.tr("Household"))
        self.finance_group.setTitle(self.tr("Income, debts and assets"))
        self.customer_group.setTitle(self.tr("The customer"))
        self.promise_group.setTitle(self.tr("Promise to pay"))
        self.assessment_group.setTitle(self.tr("Assessment"))
        self.conduct_box.setTitle(self.tr("Code of conduct"))
        self.people_hint.setText(self.tr(
            "Tick \"not party to the debt\" for everyone the debt must not be disclosed to."))
        for key in CONDUCT_ITEMS:
            self.conduct_labels[key].setText(labels.name(labels.CONDUCT, key))
            self.conduct_yes[key].setText(self.tr("Yes"))
            self.conduct_no[key].setText(self.tr("No"))
        self.ability_scale.set_captions(self.tr("1 — cannot repay"),
                                        self.tr("5 — can repay in full"))
        self.willingness_scale.set_captions(self.tr("1 — unwilling"), self.tr("5 — fully willing"))
        self.promise_amount_edit.setPlaceholderText(self.tr("e.g. 1,200.00"))
        self.assets_edit.setPlaceholderText(self.tr("House, car, business, savings…"))
        self.recommendation_edit.setPlaceholderText(
            self.tr("What should happen next: restructuring, payment plan, legal review…"))
        for rows in (self.people, self.incomes, self.debts):
            rows.add_button.setText(self.tr("Add"))
            rows.remove_button.setText(self.tr("Remove"))
            rows.model.retranslate()
        self._show_captions()
        self._show_income_total()

    def _show_captions(self) -> None:
        for key, caption in self.captions.items():
            text = labels.name(labels.FIELDS, key)
            required = key in self.required
            caption.setText(f"{text} *:" if required else f"{text}:")
            caption.setProperty("required", required)
            caption.style().unpolish(caption)
            caption.style().polish(caption)
        conduct = labels.name(labels.FIELDS, "conduct")
        self.conduct_box.setTitle(f"{conduct} *" if "conduct" in self.required else conduct)

    def _show_income_total(self) -> None:
        total = Decimal(0)
        for row in self.incomes.model.rows:
            try:
                total += parse_amount(str(row["monthly"])) or Decimal(0)
            except ValueError:
                continue
        self.income_total.setText(self.tr("Total {0} CNY a month").format(labels.money(total)))

    # --- values -----------------------------------------------------------------------
    def set_required(self, required: frozenset[str]) -> None:
        self.required = required
        self._show_captions()

    def outcome(self) -> ReportOutcome | None:
        value = self.outcome_combo.currentData()
        return ReportOutcome(value) if value is not None else None

    def set_data(self, data: ReportData, visit_start: dt.datetime | None) -> None:
        self._loading = True
        try:
            self.visit_start = visit_start
            self.outcome_combo.setCurrentIndex(max(0, self.outcome_combo.findData(data.outcome)))
            self.arrived_edit.set_time(self._local(data.arrived_at))
            self.left_edit.set_time(self._local(data.left_at))
            self.people.model.set_rows([
                {"name": p.name, "relation": p.relation, "not_party": not p.party_to_debt}
                for p in data.people_present])
            self.household_spin.set_number(data.household_size)
            self.dependants_spin.set_number(data.dependants)
            self.housing_combo.setCurrentIndex(max(0, self.housing_combo.findData(data.housing)))
            self.incomes.model.set_rows([
                {"source": i.source, "monthly": amount_text(i.monthly)}
                for i in data.income_sources])
            self.debts.model.set_rows([
                {"lender": d.lender, "amount": amount_text(d.amount),
                 "monthly": amount_text(d.monthly)} for d in data.other_debts])
            self.assets_edit.setPlainText(data.assets)
            self.attitude_combo.setCurrentIndex(
                max(0, self.attitude_combo.findData(data.attitude)))
            self.ability_scale.set_value(data.ability_to_repay)
            self.willingness_scale.set_value(data.willingness_to_repay)
            self.requests_edit.setPlainText(data.customer_requests)
            self.promise_amount_edit.setText(amount_text(data.promise_amount))
            self.promise_date_edit.set_day(data.promise_date)
            self.recommendation_edit.setPlainText(data.recommendation)
            self.notes_edit.setPlainText(data.notes)
            for key in CONDUCT_ITEMS:
                answer = data.conduct.get(key)
                group = self.conduct_groups[key]
                group.setExclusive(False)
                self.conduct_yes[key].setChecked(answer is True)
                self.conduct_no[key].setChecked(answer is False)
                group.setExclusive(True)
            self._show_income_total()
        finally:
            self._loading = False

    def _local(self, value: dt.datetime | None) -> dt.datetime | None:
        if value is None:
            return None
        zone = self.visit_start.tzinfo if self.visit_start is not None else None
        return value.astimezone(zone) if zone is not None and value.tzinfo else value

    def _at(self, edit: TimeEdit) -> dt.datetime | None:
        when = edit.time()
        if when is None or self.visit_start is None:
            return None
        return dt.datetime.combine(self.visit_start.date(), when, self.visit_start.tzinfo)

    def data(self) -> tuple[ReportData, dict[str, str]]:
        """What the inputs hold, and the inputs that cannot be read (field → message).

        An unreadable input is left out of the data (saved as empty) so a
        draft can always be stored.
        """
        problems: dict[str, str] = {}

        def guarded(key: str, read: Callable[[], T | None]) -> T | None:
            try:
                return read()
            except ValueError:
                problems[key] = self._input_problem(key)
                return None

        incomes: list[IncomeSource] = []
        for row in self.incomes.model.rows:
            source, monthly = str(row["source"]).strip(), str(row["monthly"]).strip()
            if not source and not monthly:
                continue
            try:
                incomes.append(IncomeSource(source, parse_amount(monthly) or Decimal(0)))
            except ValueError:
                problems["income_sources"] = self._input_problem("income_sources")
        debts: list[OtherDebt] = []
        for row in self.debts.model.rows:
            lender = str(row["lender"]).strip()
            amount, monthly = str(row["amount"]).strip(), str(row["monthly"]).strip()
            if not lender and not amount and not monthly:
                continue
            try:
                debts.append(OtherDebt(lender, parse_amount(amount) or Decimal(0),
                                       parse_amount(monthly)))
            except ValueError:
                problems["other_debts"] = self._input_problem("other_debts")
        people = tuple(
            PersonPresent(str(r["name"]).strip(), str(r["relation"]).strip(),
                          party_to_debt=not r["not_party"])
            for r in self.people.model.rows
            if str(r["name"]).strip() or str(r["relation"]).strip())
        conduct = {key: group.checkedId() == 1 for key, group in self.conduct_groups.items()
                   if group.checkedId() in (0, 1)}
        housing = self.housing_combo.currentData()
        attitude = self.attitude_combo.currentData()
        data = ReportData(
            outcome=self.outcome(),
            arrived_at=guarded("arrived_at", lambda: self._at(self.arrived_edit)),
            left_at=guarded("left_at", lambda: self._at(self.left_edit)),
            people_present=people,
            household_size=self.household_spin.number(),
            dependants=self.dependants_spin.number(),
            housing=Housing(housing) if housing is not None else None,
            income_sources=tuple(incomes),
            other_debts=tuple(debts),
            assets=self.assets_edit.text(),
            attitude=Attitude(attitude) if attitude is not None else None,
            ability_to_repay=self.ability_scale.value(),
            willingness_to_repay=self.willingness_scale.value(),
            customer_requests=self.requests_edit.text(),
            promise_amount=guarded(
                "promise_amount", lambda: parse_amount(self.promise_amount_edit.text())),
            promise_date=guarded("promise_date", self.promise_date_edit.day),
            recommendation=self.recommendation_edit.text(),
            notes=self.notes_edit.text(),
            conduct=conduct,
        )
        return data, problems

    def _input_problem(self, key: str) -> str:
        if key in ("arrived_at", "left_at"):
            return self.tr("Type the time as HH:MM, e.g. 09:30.")
        if key == "promise_date":
            return self.tr("Type the date as YYYY-MM-DD, e.g. 2026-12-15.")
        return self.tr("Type amounts as numbers, e.g. 1,200.50.")

    # --- errors and read-only -----------------------------------------------------------
    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.hide()
            error.clear()

    def show_errors(self, errors: Mapping[str, str]) -> tuple[QWidget | None, list[str]]:
        """Show each message beside its field; returns the first field's input and the
        messages no field took."""
        self.clear_errors()
        shown: dict[str, list[str]] = {}
        orphans: list[str] = []
        for key, message in errors.items():
            field = field_of(key)
            text = QCoreApplication.translate(_MSG, message)
            if field in self.errors:
                shown.setdefault(field, []).append(text)
            else:
                orphans.append(text)
        for field, messages in shown.items():
            self.errors[field].setText(" ".join(dict.fromkeys(messages)))
            self.errors[field].show()
        first = next((f for f in FIELD_ORDER if f in shown), None)
        return (self.inputs[first] if first else None), orphans

    def set_read_only(self, on: bool) -> None:
        for line in (self.arrived_edit, self.left_edit, self.promise_amount_edit,
                     self.promise_date_edit):
            line.setReadOnly(on)
        self.promise_date_edit.pick_action.setVisible(not on)
        for box in (self.assets_edit, self.requests_edit, self.recommendation_edit,
                    self.notes_edit):
            box.setReadOnly(on)
        for widget in (self.outcome_combo, self.housing_combo, self.attitude_combo,
                       self.household_spin, self.dependants_spin, self.ability_scale,
                       self.willingness_scale):
            widget.setEnabled(not on)
        for group in self.conduct_groups.values():
            for button in group.buttons():
                button.setEnabled(not on)
        for table in (self.people, self.incomes, self.debts):
            table.set_read_only(on)
