"""File dialogs that open where this user last was, per purpose (issue 17.5).

The folder is kept in the desk's settings under the app user's login, so two
people sharing a Windows account each find their own folder again. Used by the
setup dialog and the administration page; the older dialogs keep their own
settings (customer import/export, PDF) until they move here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ui.settings import Settings


def _key(purpose: str, login: str) -> str:
    return f"files/{login or '_desk'}/{purpose}"


def remembered_folder(settings: Settings, purpose: str, login: str = "") -> str:
    raw = settings.raw(_key(purpose, login))
    folder = str(raw) if isinstance(raw, str) else ""
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember_folder(settings: Settings, purpose: str, login: str, chosen: Path) -> None:
    folder = chosen if chosen.is_dir() else chosen.parent
    settings.store(_key(purpose, login), str(folder))


def open_file(parent: QWidget | None, settings: Settings, purpose: str, title: str,
              filters: str, login: str = "") -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title,
                                          remembered_folder(settings, purpose, login), filters)
    if not name:
        return None
    remember_folder(settings, purpose, login, Path(name))
    return Path(name)


def save_file(parent: QWidget | None, settings: Settings, purpose: str, title: str,
              filters: str, suggested: str, login: str = "") -> Path | None:
    start = str(Path(remembered_folder(settings, purpose, login)) / suggested)
    name, _ = QFileDialog.getSaveFileName(parent, title, start, filters)
    if not name:
        return None
    remember_folder(settings, purpose, login, Path(name))
    return Path(name)


def choose_folder(parent: QWidget | None, settings: Settings, purpose: str, title: str,
                  login: str = "") -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, title,
                                            remembered_folder(settings, purpose, login))
    if not name:
        return None
    remember_folder(settings, purpose, login, Path(name))
    return Path(name)
