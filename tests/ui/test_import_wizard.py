"""The import wizard, driven like a user: file, mapping, preview, import, cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from hvdesk.database import Database
from hvdesk.importing import ImportSummary
from hvdesk.model import Customer
from tests.data.importfiles import row, write_csv, write_xlsx
from tests.factories import Org
from tests.test_import import mixed_rows
from ui.customers.import_wizard import ImportPreviewModel, ImportWizard


def customers_in(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Customer)) or 0


def click(qtbot: QtBot, wizard: ImportWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_wizard(qtbot: QtBot, db: Database, org: Org, start: Path) -> ImportWizard:
    wizard = ImportWizard(db, org.actors["coord1"], start_dir=start)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def to_preview(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.file_page.path_edit.setText(str(path))
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.mapping_page
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.preview_page
    qtbot.waitUntil(lambda: wizard.preview_page.result is not None, timeout=60_000)


def test_import_like_a_user(qtbot: QtBot, org: Org, sqlite_db: Database, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "客户.xlsx", mixed_rows())
    wizard = open_wizard(qtbot, sqlite_db, org, tmp_path)
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    # Page 1: the file's first rows show, with its headers.
    page1 = wizard.file_page
    page1.path_edit.setText(str(path))
    assert page1.table.columnCount() == 12
    assert page1.table.horizontalHeaderItem(1).text() == "身份证号码"
    assert page1.table.rowCount() == 8
    assert page1.info_label.text() == "12 columns on sheet “客户”."
    assert page1.sheet_combo.currentText() == "客户"
    assert not page1.branch_combo.isVisible()  # a coordinator imports into their own branch
    click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # Page 2: headers recognised; a required field left out blocks Next.
    page2 = wizard.mapping_page
    assert page2.combos["name"].currentText() == "客户姓名"
    assert page2.combos["id_number"].currentText() == "身份证号码"
    assert page2.combos["overdue_amount"].currentText() == "逾期金额(元)"
    assert page2.samples["phone"].text() == "e.g. 13900000001"
    page2.combos["phone"].setCurrentIndex(0)
    assert not next_button.isEnabled()
    assert page2.problem_label.text() == "Still to match: Mobile number."
    page2.combos["phone"].setCurrentIndex(2)  # the 身份证号码 column twice
    assert not next_button.isEnabled()
    assert "use the same column" in page2.problem_label.text()
    page2.combos["phone"].setCurrentIndex(3)
    assert next_button.isEnabled()
    click(qtbot, wizard, QWizard.WizardButton.NextButton)

    # Page 3: the dry run shows each row's fate.
    page3 = wizard.preview_page
    qtbot.waitUntil(lambda: page3.result is not None, timeout=30_000)
    assert page3.counts_label.text() == "9 rows: 3 new, 0 to update, 0 unchanged, 6 rejected."
    model = page3.model
    results = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
    assert results[:3] == ["new", "new", "rejected"]
    assert model.data(model.index(5, 0)) == 8
    assert model.data(model.index(5, 5)) == "身份证号码: the same ID number as row 2"
    assert customers_in(sqlite_db) == 0  # the preview saved nothing

    # Page 4: the import runs on a worker; the summary and the error workbook follow.
    with qtbot.waitSignal(wizard.sig_imported, timeout=30_000) as signal:
        click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    summary = signal.args[0]
    assert isinstance(summary, ImportSummary)
    assert summary.line() == "imported 3, updated 0, unchanged 0, rejected 6"
    page4 = wizard.run_page
    qtbot.waitUntil(lambda: page4.finished)
    assert page4.summary_label.text() == "Imported 3, updated 0, unchanged 0, rejected 6."
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert not page4.cancel_button.isVisible()
    assert customers_in(sqlite_db) == 3

    errors = tmp_path / "rejected.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(errors), "")))
    with qtbot.waitSignal(page4.sig_errors_saved):  # written on a worker
        qtbot.mouseClick(page4.save_button, Qt.MouseButton.LeftButton)
    assert errors.exists()
    assert "Rejected rows saved to rejected.xlsx." in page4.summary_label.text()
    assert wizard.last_dir == tmp_path


def test_cancel_midway_changes_nothing(qtbot: QtBot, org: Org, sqlite_db: Database,
                                       tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", (row(i) for i in range(30_000)))
    wizard = open_wizard(qtbot, sqlite_db, org, tmp_path)
    imported: list[object] = []
    wizard.sig_imported.connect(imported.append)
    to_preview(qtbot, wizard, path)
    assert "30000 rows: 30000 new" in wizard.preview_page.counts_label.text()
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    page = wizard.run_page
    # Cancel once the first rows are written inside the transaction.
    qtbot.waitUntil(lambda: page.stage_label.text() == "Saving customers…"
                    and page.progress.value() > 0, timeout=60_000)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.finished, timeout=30_000)
    assert page.summary_label.text() == "Import cancelled: nothing was changed."
    assert imported == []
    assert customers_in(sqlite_db) == 0


def test_a_file_that_cannot_be_read_says_why(qtbot: QtBot, org: Org, sqlite_db: Database,
                                             tmp_path: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a zip")
    wizard = open_wizard(qtbot, sqlite_db, org, tmp_path)
    wizard.file_page.path_edit.setText(str(bad))
    assert "cannot read broken.xlsx as a workbook" in wizard.file_page.info_label.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_admin_picks_the_branch(qtbot: QtBot, org: Org, sqlite_db: Database,
                                tmp_path: Path) -> None:
    wizard = ImportWizard(sqlite_db, org.actors["admin"], start_dir=tmp_path)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.file_page.branch_combo.isVisible()
    qtbot.waitUntil(lambda: wizard.file_page.branch() == "CD01")  # read on a worker
    to_preview(qtbot, wizard, write_csv(tmp_path / "a.csv", [row(1)]))
    assert wizard.preview_page.result is not None
    assert wizard.preview_page.result.summary.imported == 1


def test_preview_model_is_a_sound_model(qtmodeltester: object, org: Org, sqlite_db: Database,
                                        tmp_path: Path, qtbot: QtBot) -> None:
    wizard = open_wizard(qtbot, sqlite_db, org, tmp_path)
    to_preview(qtbot, wizard, write_xlsx(tmp_path / "m.xlsx", mixed_rows()))
    model = wizard.preview_page.model
    assert isinstance(model, ImportPreviewModel)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
