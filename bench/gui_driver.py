"""The desktop application driven as a user drives it: the child process of the GUI benches.

    python bench/gui_driver.py URL LOGIN PASSWORD [SECTION,...] [--memory] [--typing=S]

Run with the checkout to measure as working directory (its ``ui`` and
``hvdesk`` are imported). It starts the application as ``hvdesk`` does
(``ui.app``: Qt, language, style, database check, sign-in dialog), types the
password into the painted dialog and presses Sign in, waits until the home
page is painted with its figures, then opens each SECTION by clicking its
entry in the navigation rail, and waits until the section is painted with its
data: the customer list's rows, the calendar's visits (``sig_loaded``), the
map's viewport (``sig_shown``, drawn by the QtWebEngine renderer). It prints
one JSON line: the wall-clock time of each mark (``time.time()``, the parent
subtracts its spawn time) and, with ``--memory``, the memory of this process and
of its QtWebEngine renderer after each step (1 s of idle event processing after
the mark) and once more after the last step and 15 s idle ("idle": what the
sections started on workers has finished by then).

``--typing=S``: Sign in is pressed S seconds after the dialog is painted (the time
a user takes to type a password; default 0, at once). What the application does
meanwhile (it loads the main window's modules) then no longer shows in the
sign-in figures, as it does not for a user who types.

Marks: ``dialog`` (sign-in dialog painted), ``submit`` (Sign in pressed),
``window`` (main window painted), ``home`` (home page painted with its data),
and per section ``click:S`` and ``S`` (painted with data).

Nothing of a section is imported here before it is opened: the memory after a
step is what the application holds after that step.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.getcwd())

from procmem import proc_memory, renderer_memory
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QWidget

from ui import app as ui_app
from ui.i18n import Translations
from ui.settings import Settings

SETTLE_S = 1.0
#: After the last section, the application left idle this long before a last sample:
#: work the sections started on workers (the calendar's visit priorities) has ended.
IDLE_S = 15.0


class Driver(QObject):
    def __init__(self, url: str, login: str, password: str, sections: list[str],
                 memory: bool, typing: float = 0.0) -> None:
        super().__init__()
        self.typing = typing
        self.login, self.password = login, password
        self.sections = sections
        self.memory = memory
        self.marks: dict[str, float] = {}
        self.samples: list[dict[str, Any]] = []
        self.qapp = ui_app.application(sys.argv[:1])
        self.settings = Settings()
        # The user lands on the home page (a first day): nothing remembered from a
        # previous run of the bench decides where the window opens.
        self.settings.user_window(login).last_section = "overview"
        self.translations = Translations(self.qapp)
        self.translations.apply(self.settings.language)
        self.db, _backup = ui_app.open_database(url)
        self.shell = ui_app.Shell(self.db, self.settings, self.translations)
        #: What the next paint of which widget completes.
        self.waiting: tuple[str, QWidget] | None = None
        self.qapp.installEventFilter(self)

    # --- marks --------------------------------------------------------------------------
    def mark(self, name: str) -> None:
        self.marks.setdefault(name, time.time())

    def sample(self, step: str, then: Callable[[], None]) -> None:
        if not self.memory:
            # The user reads the dialog and types the password before pressing Sign in.
            QTimer.singleShot(int(self.typing * 1000) if step == "sign-in dialog" else 0, then)
            return

        def take() -> None:
            self.samples.append({"step": step, "app": proc_memory(os.getpid()),
                                 "renderer": renderer_memory()})
            then()

        QTimer.singleShot(int(SETTLE_S * 1000), take)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint or not isinstance(watched, QWidget):
            return False
        if self.waiting is not None and watched is self.waiting[1]:
            name = self.waiting[0]
            self.waiting = None
            watched.removeEventFilter(self)
            self.mark(name)
            if name == "home":
                # From here on only the widgets waited for are watched: an application-wide
                # filter sees QtWebEngine's own widgets being torn down (and crashed there).
                self.qapp.removeEventFilter(self)
            self.sample(name, self.next_section)
            return False
        if "home" in self.marks:
            return False
        dialog = self.shell.sign_in_dialog
        if "dialog" not in self.marks and dialog is not None and watched.window() is dialog:
            self.mark("dialog")
            self.sample("sign-in dialog", self.submit)
        window = self.shell.window
        if window is not None and watched.window() is window:
            self.mark("window")
        return False

    # --- steps --------------------------------------------------------------------------
    def submit(self) -> None:
        dialog = self.shell.sign_in_dialog
        assert dialog is not None
        dialog.login_edit.setText(self.login)
        dialog.password_edit.setText(self.password)
        self.mark("submit")
        dialog.sign_in_button.click()
        self.wait_home()

    def wait_home(self) -> None:
        window = self.shell.window
        page = window.built.get("overview") if window is not None else None
        if page is None:
            QTimer.singleShot(2, self.wait_home)
            return
        if getattr(page, "data", None) is not None:
            self.watch("home", page)
        else:
            page.sig_refreshed.connect(lambda: self.watch("home", page))  # type: ignore[attr-defined]

    def watch(self, name: str, widget: QWidget) -> None:
        """The next paint of ``widget`` completes ``name`` (it has its data by now)."""
        if name in self.marks or (self.waiting is not None and self.waiting[0] == name):
            return
        self.waiting = (name, widget)
        widget.installEventFilter(self)
        widget.update()

    def next_section(self) -> None:
        if not self.sections:
            if self.memory and self.samples[-1]["step"] != "idle":
                QTimer.singleShot(int((IDLE_S - SETTLE_S) * 1000),
                                  lambda: self.sample("idle", self.finish))
            else:
                self.finish()
            return
        key = self.sections.pop(0)
        window = self.shell.window
        assert window is not None
        row = window.section_keys().index(key)
        rail = window.rail
        index = rail.model().index(row, 0)
        rail.scrollTo(index)
        at = rail.visualRect(index).center()
        self.mark(f"click:{key}")
        click(rail.viewport(), at)
        self.wait_section(key)

    def wait_section(self, key: str) -> None:
        window = self.shell.window
        assert window is not None
        page = window.built.get(key)
        if page is None:
            QTimer.singleShot(2, lambda: self.wait_section(key))
            return
        if key == "customers":
            self.wait_rows(page)
        elif key == "calendar":
            page.sig_loaded.connect(lambda: self.watch("calendar", page))  # type: ignore[attr-defined]
        elif key == "map":
            self.wait_map(page)
        else:
            self.watch(key, page)

    def wait_rows(self, page: QWidget) -> None:
        for view in page.findChildren(QAbstractItemView):
            model = view.model()
            if view.isVisible() and model is not None and model.rowCount() > 0:
                self.watch("customers", view.viewport())
                return
        QTimer.singleShot(2, lambda: self.wait_rows(page))

    def wait_map(self, page: QWidget) -> None:
        view = getattr(page, "view", None)
        if view is None:
            QTimer.singleShot(2, lambda: self.wait_map(page))
            return
        signal = view.sig_shown if hasattr(view, "sig_shown") else view.sig_loaded
        signal.connect(lambda *_: self.watch("map", page))

    def finish(self) -> None:
        print(json.dumps({"marks": self.marks, "samples": self.samples}), flush=True)
        self.shell.close()
        self.qapp.quit()

    def run(self) -> None:
        QTimer.singleShot(0, self.shell.start)
        QTimer.singleShot(120_000, self.timeout)
        self.qapp.exec()
        self.db.dispose()

    def timeout(self) -> None:
        print(json.dumps({"error": "timeout", "marks": self.marks, "samples": self.samples}),
              flush=True)
        self.qapp.quit()


def click(widget: QWidget, at: QPoint) -> None:
    """A left click as the mouse gives it (press, release) at ``at`` in ``widget``."""
    from PySide6.QtTest import QTest  # noqa: PLC0415

    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    url, login, password = args[:3]
    sections = [s for s in (args[3] if len(args) > 3 else "").split(",") if s]
    typing = next((float(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--typing=")),
                  0.0)
    Driver(url, login, password, sections, memory="--memory" in sys.argv, typing=typing).run()


if __name__ == "__main__":
    main()
