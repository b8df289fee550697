"""File › Import customers…: choose a file, map its columns, preview, import.

The preview is a dry run of the real import (every row decided against the
database, nothing written); the import runs on a worker in one transaction,
so Cancel — or any error — leaves the database as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from hvdesk import importing, safelog
from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.importing import ImportCancelled, ImportResult
from hvdesk.services.context import Actor
from ui.customers.import_preview import ImportPreviewModel
from ui.labels import ui_language
from ui.workers import Op, OpState

log = logging.getLogger(__name__)
PEEK_ROWS = 8
PREVIEW_ROWS = 200
ERROR_STYLE = "color: #b3261e;"
SUMMARY_STYLE = "font-weight: bold; font-size: 11pt;"
_Index = QModelIndex | QPersistentModelIndex


class ImportWizard(QWizard):
    """``sig_imported(ImportSummary)`` fires once an import has been committed."""

    sig_imported = Signal(object)

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None,
                 start_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.db = db
        self.actor = actor
        #: The folder of the last chosen file, for the caller to remember.
        self.last_dir = start_dir or Path.home()
        self.file_page = ImportFilePage(self)
        self.mapping_page = ImportMappingPage(self)
        self.preview_page = ImportPreviewPage(self)
        self.run_page = ImportRunPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.run_page):
            self.addPage(page)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setWindowTitle(self.tr("Import customers"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))
        self.resize(900, 640)

    # What the pages share.
    @property
    def path(self) -> Path | None:
        return self.file_page.path

    def import_options(self) -> dict[str, Any]:
        return {"mapping": self.mapping_page.mapping(), "sheet": self.file_page.sheet(),
                "encoding": self.file_page.encoding(), "branch_code": self.file_page.branch()}

    def job(self, *, dry_run: bool) -> Callable[[OpState], ImportResult]:
        """The import (or its dry run) as a function for a worker: plain values only."""
        path, options, db, actor = self.path, self.import_options(), self.db, self.actor
        assert path is not None
        language = ui_language()  # the reasons for refused rows, in the user's words

        def work(state: OpState) -> ImportResult:
            # A dry run's session closes without commit; the import commits at the end.
            with db.session() if dry_run else db.begin() as s:
                return importing.import_customers(
                    s, db.cipher, actor, path, dry_run=dry_run,
                    outcome_limit=PREVIEW_ROWS if dry_run else 0,
                    progress=lambda stage, d, t: state.report(d, t, stage),
                    cancelled=lambda: state.cancelled, language=language, **options)

        return work

    def reject(self) -> None:
        # Closing while work runs: stop it first (its transaction rolls back).
        for op in (self.preview_page.op, self.run_page.op):
            if op is not None and op.running:
                op.cancel()
                op.wait(30)
        super().reject()


def _branches(db: Database, actor: Actor) -> list[tuple[str, str]]:
    with db.session() as s:
        return list(importing.branch_choices(s, actor))


class ImportFilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.path: Path | None = None
        self.headers: list[str] = []
        self.sample: list[tuple[Any, ...]] = []
        self.setTitle(self.tr("Choose the file"))
        self.setSubTitle(self.tr("An Excel workbook (.xlsx) or a CSV file; the first non-empty "
                                 "row holds the column headers."))
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText(self.tr("Path of an .xlsx or .csv file"))
        self.path_edit.textChanged.connect(self._load)
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self._browse)
        self.sheet_combo = QComboBox()
        self.sheet_combo.currentIndexChanged.connect(self._reload)
        self.encoding_combo = QComboBox()
        self.encoding_combo.addItem(self.tr("Detect automatically"), None)
        for code, text in (("utf-8", self.tr("UTF-8")), ("utf-8-sig", self.tr("UTF-8 with BOM")),
                           ("gb18030", self.tr("GB18030 / GBK (Chinese Excel)"))):
            self.encoding_combo.addItem(text, code)
        self.encoding_combo.currentIndexChanged.connect(self._reload)
        self.branch_combo = QComboBox()
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)

        chooser = QHBoxLayout()
        chooser.addWidget(self.path_edit, 1)
        chooser.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("File:"), chooser)
        form.addRow(self.tr("Sheet:"), self.sheet_combo)
        form.addRow(self.tr("Encoding:"), self.encoding_combo)
        form.addRow(self.tr("Import into branch:"), self.branch_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.info_label)
        layout.addWidget(self.table, 1)
        self._form = form
        self._fill_branches()
        self._show_kind(None)

    def _fill_branches(self) -> None:
        """Read on a worker: the branch box fills when the answer arrives."""
        db, actor = self._wizard.db, self._wizard.actor
        Op(self, lambda _s: _branches(db, actor)).success(self._show_branches) \
            .failure(lambda exc: self.info_label.setText(str(exc))).run()
        # Only an admin picks; everybody else imports into their own branch.
        self._form.setRowVisible(self.branch_combo, actor.branch_id is None)

    def _show_branches(self, choices: list[tuple[str, str]]) -> None:
        for code, name in choices:
            self.branch_combo.addItem(f"{code} · {name}", code)

    def _show_kind(self, suffix: str | None) -> None:
        self._form.setRowVisible(self.sheet_combo, suffix in {".xlsx", ".xlsm"})
        self._form.setRowVisible(self.encoding_combo, suffix in {".csv", ".txt"})

    def sheet(self) -> str | None:
        return self.sheet_combo.currentText() or None if self.sheet_combo.count() else None

    def encoding(self) -> str | None:
        return self.encoding_combo.currentData() or None

    def branch(self) -> str | None:
        own = self._wizard.actor.branch_id is not None
        return None if own else self.branch_combo.currentData() or None

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file to import"), str(self._wizard.last_dir),
            self.tr("Spreadsheets (*.xlsx *.csv);;All files (*)"))
        if name:
            self.path_edit.setText(name)

    def _reload(self) -> None:
        self._load(self.path_edit.text(), keep_sheet=True)

    def _load(self, text: str, *, keep_sheet: bool = False) -> None:
        path = Path(text.strip()) if text.strip() else None
        self.path, self.headers, self.sample = None, [], []
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self._show_kind(path.suffix.lower() if path else None)
        if path is None or not path.is_file():
            self.info_label.setText("")
            self.completeChanged.emit()
            return
        try:
            with importing.open_table(path, sheet=self.sheet() if keep_sheet else None,
                                      encoding=self.encoding()) as table:
                self.headers = table.headers
                rows = (c for _n, c in table.rows() if not importing.reader.is_blank(c))
                self.sample = list(islice(rows, PEEK_ROWS))
                info = self._describe(table)
                sheets, current = table.sheets, table.sheet
        except HvdeskError as exc:
            self.info_label.setStyleSheet(ERROR_STYLE)
            self.info_label.setText(str(exc))
            self.completeChanged.emit()
            return
        if not keep_sheet:
            with QSignalBlocker(self.sheet_combo):
                self.sheet_combo.clear()
                self.sheet_combo.addItems(sheets)
                self.sheet_combo.setCurrentText(current or "")
        self.path = path
        self._wizard.last_dir = path.parent
        self.info_label.setStyleSheet("")
        self.info_label.setText(info)
        self._fill_table()
        self.completeChanged.emit()

    def _describe(self, table: importing.Table) -> str:
        if table.encoding:
            names = {"utf-8": "UTF-8", "utf-8-sig": self.tr("UTF-8 with BOM"),
                     "gb18030": "GB18030 / GBK"}
            return self.tr("{0} columns, about {1} rows; text encoding {2}.").format(
                len(table.headers), f"{table.total:,}", names.get(table.encoding, ""))
        # A sheet's row count is known only when the workbook recorded its size.
        if table.total:
            return self.tr("{0} columns, about {1} rows on sheet “{2}”.").format(
                len(table.headers), f"{table.total:,}", table.sheet or "")
        return self.tr("{0} columns on sheet “{1}”.").format(len(table.headers), table.sheet or "")

    def _fill_table(self) -> None:
        self.table.setColumnCount(len(self.headers))
        self.table.setHorizontalHeaderLabels(self.headers)
        self.table.setRowCount(len(self.sample))
        for r, cells in enumerate(self.sample):
            for c, value in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
        self.table.resizeColumnsToContents()

    def isComplete(self) -> bool:
        return self.path is not None and bool(self.headers)


class ImportMappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self._headers: list[str] = []
        self.combos: dict[str, QComboBox] = {}
        self.samples: dict[str, QLabel] = {}
        self.setTitle(self.tr("Match the columns"))
        self.setSubTitle(self.tr("Choose the column that holds each field. Fields marked * are "
                                 "required; columns left unmatched are not imported."))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        labels = self._labels()
        for spec in importing.FIELDS:
            combo = QComboBox()
            combo.setObjectName(f"map_{spec.key}")
            combo.setMinimumWidth(240)
            combo.currentIndexChanged.connect(self._changed)
            sample = QLabel()
            sample.setObjectName("mappingSample")
            sample.setMinimumWidth(260)
            row = QHBoxLayout()
            row.addWidget(combo)
            row.addWidget(sample, 1)
            text = labels[spec.key] + (" *" if spec.required else "")
            label = QLabel(f"<b>{text}</b>" if spec.required else text)
            self.form.addRow(label, row)
            self.combos[spec.key] = combo
            self.samples[spec.key] = sample
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet(ERROR_STYLE)
        self.problem_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.problem_label)

    def _labels(self) -> dict[str, str]:
        return {
            "name": self.tr("Name"), "id_number": self.tr("Resident ID number"),
            "phone": self.tr("Mobile number"), "registered_address": self.tr("Registered address"),
            "current_address": self.tr("Current address"), "contract_no": self.tr("Contract no."),
            "product": self.tr("Product"), "principal": self.tr("Principal"),
            "outstanding_balance": self.tr("Outstanding balance"),
            "overdue_amount": self.tr("Overdue amount"), "days_past_due": self.tr("Days past due"),
            "last_payment_date": self.tr("Last payment date"),
        }

    def initializePage(self) -> None:
        headers = self._wizard.file_page.headers
        if headers == self._headers:
            return  # back and forth keeps the user's choices
        self._headers = list(headers)
        guessed = importing.guess_mapping(headers)
        for key, combo in self.combos.items():
            with QSignalBlocker(combo):
                combo.clear()
                combo.addItem(self.tr("— not imported —"), -1)
                for index, header in enumerate(headers):
                    combo.addItem(header or self.tr("(column {0})").format(index + 1), index)
                combo.setCurrentIndex(guessed[key] + 1 if key in guessed else 0)
        self._changed()

    def mapping(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for key, combo in self.combos.items():
            index = combo.currentData()
            if isinstance(index, int) and index >= 0:
                out[key] = index
        return out

    def _problem(self) -> str:
        labels = self._labels()
        mapping = self.mapping()
        missing = importing.missing_required(mapping)
        if missing:
            return self.tr("Still to match: {0}.").format(
                self.tr(", ").join(labels[k] for k in missing))
        used: dict[int, str] = {}
        for key, index in mapping.items():
            if index in used:
                return self.tr("“{0}” and “{1}” use the same column.").format(
                    labels[used[index]], labels[key])
            used[index] = key
        return ""

    def _changed(self) -> None:
        sample = self._wizard.file_page.sample
        first = sample[0] if sample else ()
        for key, combo in self.combos.items():
            index = combo.currentData()
            value = first[index] if isinstance(index, int) and 0 <= index < len(first) else None
            self.samples[key].setText(
                self.tr("e.g. {0}").format(str(value)[:40]) if value not in (None, "") else "")
        self.problem_label.setText(self._problem())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self._problem()


class ImportPreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.op: Op[ImportResult] | None = None
        self.result: ImportResult | None = None
        self.setTitle(self.tr("Check the rows"))
        self.setSubTitle(self.tr("Every row is checked against the database; nothing is saved "
                                 "yet. The table shows the first {0} rows.").format(PREVIEW_ROWS))
        self.setCommitPage(True)
        self.model = ImportPreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in enumerate((56, 90, 110, 170, 110)):
            header.resizeSection(column, width)
        self.progress = QProgressBar()
        self.counts_label = QLabel()
        self.counts_label.setObjectName("previewCounts")
        self.counts_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.table, 1)

    def initializePage(self) -> None:
        self.result = None
        self.model.set_rows([])
        self.counts_label.setStyleSheet("")
        self.counts_label.setText(self.tr("Checking rows…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.op = Op(self, self._wizard.job(dry_run=True)).success(self._checked) \
            .failure(self._failed).with_progress(self._on_progress).run()
        self.completeChanged.emit()

    def _on_progress(self, done: int, total: int, _stage: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _checked(self, result: ImportResult) -> None:
        self.result = result
        self.progress.hide()
        self.model.set_rows(result.outcomes)
        s = result.summary
        total = s.imported + s.updated + s.unchanged + s.rejected
        self.counts_label.setText(self.tr(
            "{0} rows: {1} new, {2} to update, {3} unchanged, {4} rejected.").format(
                total, s.imported, s.updated, s.unchanged, s.rejected))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.counts_label.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, HvdeskError):
            self.counts_label.setText(str(exc))
        else:
            safelog.failure(log, "import check failed", exc)
            self.counts_label.setText(self.tr("The file could not be checked: {0}").format(
                type(exc).__name__))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.result is not None

    def cleanupPage(self) -> None:
        if self.op is not None and self.op.running:
            self.op.cancel()


class ImportRunPage(QWizardPage):
    #: The rejected rows were written to this file.
    sig_errors_saved = Signal(str)

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.op: Op[ImportResult] | None = None
        self.result: ImportResult | None = None
        self.finished = False
        self.setTitle(self.tr("Import"))
        self.setSubTitle(self.tr("All rows are saved together at the end: cancel, and nothing "
                                 "is changed."))
        self.stage_label = QLabel()
        self.progress = QProgressBar()
        self.cancel_button = QPushButton(self.tr("Cancel import"))
        self.cancel_button.setObjectName("cancelImport")
        self.cancel_button.clicked.connect(self.cancel)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save rejected rows…"))
        self.save_button.setObjectName("saveErrors")
        self.save_button.clicked.connect(self._ask_save_errors)
        self.save_button.hide()
        bar = QHBoxLayout()
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stage_label)
        layout.addLayout(bar)
        layout.addSpacing(12)
        layout.addWidget(self.summary_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def _stage_text(self, stage: str) -> str:
        return {"reading": self.tr("Reading the file…"),
                "writing": self.tr("Saving customers…")}.get(stage, "")

    def initializePage(self) -> None:
        self.finished, self.result = False, None
        self.summary_label.setStyleSheet(SUMMARY_STYLE)
        self.summary_label.setText("")
        self.save_button.hide()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.progress.setRange(0, 0)
        self.stage_label.setText(self._stage_text("reading"))
        self.op = Op(self, self._wizard.job(dry_run=False)).success(self._done) \
            .failure(self._failed).with_progress(self._on_progress).finally_(self._ended).run()

    def _on_progress(self, done: int, total: int, stage: str) -> None:
        self.stage_label.setText(self._stage_text(stage))
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def cancel(self) -> None:
        if self.op is not None and self.op.running:
            self.op.cancel()
            self.cancel_button.setEnabled(False)
            self.stage_label.setText(self.tr("Cancelling…"))

    def _done(self, result: ImportResult) -> None:
        self.result = result
        s = result.summary
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.stage_label.setText(self.tr("Done."))
        self.summary_label.setText(self.tr(
            "Imported {0}, updated {1}, unchanged {2}, rejected {3}.").format(
                s.imported, s.updated, s.unchanged, s.rejected))
        self.save_button.setVisible(bool(result.rejected))
        self._wizard.sig_imported.emit(s)

    def _failed(self, exc: BaseException) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.stage_label.setText("")
        self.summary_label.setStyleSheet(SUMMARY_STYLE + ERROR_STYLE)
        if isinstance(exc, ImportCancelled):
            self.summary_label.setText(self.tr("Import cancelled: nothing was changed."))
        elif isinstance(exc, HvdeskError):
            self.summary_label.setText(
                self.tr("The import failed and nothing was changed: {0}").format(exc))
        else:
            safelog.failure(log, "import failed", exc)
            self.summary_label.setText(self.tr("The import failed and nothing was changed."))

    def _ended(self) -> None:
        self.finished = True
        self.cancel_button.hide()
        self.completeChanged.emit()

    def _ask_save_errors(self) -> None:
        w = self._wizard
        default = w.last_dir / f"{(w.path.stem if w.path else 'import')}-rejected.xlsx"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save rejected rows"), str(default),
                                              self.tr("Excel workbook (*.xlsx)"))
        if name:
            self.save_errors(Path(name))

    def save_errors(self, path: Path) -> Op[None] | None:
        """Write the rejected rows, with the reason, to fix and import again (on a worker)."""
        result = self.result
        if result is None:
            return None
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        db, actor = self._wizard.db, self._wizard.actor

        def work(_state: OpState) -> None:
            with db.begin() as s:  # small: audited in a unit of work of its own
                importing.save_rejected(s, actor, path, result)

        def saved(_none: None) -> None:
            self.summary_label.setText(self.summary_label.text() + "\n" + self.tr(
                "Rejected rows saved to {0}.").format(path.name))
            self.sig_errors_saved.emit(str(path))

        return Op(self, work).success(saved) \
            .failure(lambda exc: self.summary_label.setText(str(exc))).run()

    def isComplete(self) -> bool:
        return self.finished
