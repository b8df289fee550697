"""``hvdesk selftest gui|page``: hidden checks that an installed copy really works.

Not a user command (``hvdesk --help`` does not list it). The bundle test
(tests/test_bundle.py) runs it from the PyInstaller bundle, where no source
tree and no pytest exist, to prove that Qt, QtWebEngine and QtPdf load from
the bundle's own files:

- ``selftest gui --as LOGIN [--db URL]`` (password in ``HVDESK_PASSWORD``):
  starts the application, prints ``signin-shown SECONDS`` (since this
  function began) when the sign-in window is on screen, signs in, opens the
  map and waits for its Leaflet page, opens the branch's day schedule in the
  PDF preview, prints ``OK`` and exits 0 (with ``--signin-only``, right after
  the sign-in window shows).
- ``selftest page FILE.html``: the page (``hvdesk map -o``'s) in a web view;
  ``OK`` when Leaflet ran and drew its map.
- ``selftest where``: prints ``frozen`` (True in a bundle) and the folders
  Python loads hvdesk, ui and PySide6 from.
- ``selftest spawn``: the demo's helper process (hvdesk.demo.pipeline) makes a
  few customers; from a bundle this proves ``freeze_support`` in its entry
  point turns the spawned copy of the executable into the helper.

Runs offscreen unless ``QT_QPA_PLATFORM`` says otherwise. A failed step
prints ``FAIL: step`` to standard error and exits 1. The output is for a
test or a technician, so it is not translated.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ui.main_window import MainWindow

#: What a working Leaflet page answers to LEAFLET_PROBE.
LEAFLET_READY = "object/1"
LEAFLET_PROBE = "typeof L + '/' + document.querySelectorAll('.leaflet-container').length"


class StepFailed(Exception):
    pass


def main(argv: Sequence[str]) -> int:
    started = time.monotonic()
    parser = argparse.ArgumentParser(prog="hvdesk selftest")
    steps = parser.add_subparsers(dest="what", required=True)
    gui = steps.add_parser("gui")
    gui.add_argument("--db", help="database URL (default: the configured one)")
    gui.add_argument("--as", dest="login", required=True)
    gui.add_argument("--signin-only", action="store_true",
                     help="stop once the sign-in window shows (to time a start)")
    page = steps.add_parser("page")
    page.add_argument("html", type=Path)
    spawn = steps.add_parser("spawn")
    steps.add_parser("where")
    for sub in (gui, page, spawn):
        sub.add_argument("--timeout", type=float, default=120.0, help="seconds per step")
    args = parser.parse_args(list(argv))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        if args.what == "gui":
            _gui(args.db, args.login, os.environ.get("HVDESK_PASSWORD", ""), args.timeout,
                 started, args.signin_only)
        elif args.what == "page":
            _page(args.html, args.timeout)
        elif args.what == "spawn":
            _spawn()
        else:
            _where()
    except StepFailed as exc:
        print(f"FAIL: {exc}", file=sys.stderr, flush=True)
        return 1
    print("OK", flush=True)
    return 0


def _wait(what: str, ready: Callable[[], bool], timeout: float) -> None:
    """Process Qt events until ``ready()`` (as pytest-qt's waitUntil, without pytest)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop  # noqa: PLC0415

    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise StepFailed(f"{what} (nothing after {timeout:.0f} s)")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def _js(run: Callable[[str, Callable[[Any], None]], None], script: str, timeout: float) -> Any:
    answers: list[Any] = []
    run(script, answers.append)
    _wait(f"an answer to {script!r}", lambda: bool(answers), timeout)
    return answers[0]


def _gui(db_url: str | None, login: str, password: str, timeout: float, started: float,
         signin_only: bool) -> None:
    from ui import app as app_module  # noqa: PLC0415
    from ui.i18n import Translations  # noqa: PLC0415
    from ui.settings import Settings  # noqa: PLC0415

    app = app_module.application(sys.argv[:1])
    translations = Translations(app)
    settings = Settings()
    translations.apply(settings.language)
    db, _backup = app_module.open_database(db_url)
    shell = app_module.Shell(db, settings, translations)
    try:
        shell.start()
        dialog = shell.sign_in_dialog
        _wait("the sign-in window", lambda: dialog is not None and dialog.isVisible(), timeout)
        print(f"signin-shown {time.monotonic() - started:.2f}", flush=True)
        assert dialog is not None
        if signin_only:
            return
        dialog.login_edit.setText(login)
        dialog.password_edit.setText(password)
        dialog.sign_in_button.click()
        _wait("signing in", lambda: shell.window is not None or bool(dialog.error_label.text()),
              timeout)
        window = shell.window
        if window is None:
            raise StepFailed(f"signing in: {dialog.error_label.text()}")
        print("signed-in", flush=True)

        _show_map(window, timeout)
        _show_preview(window, login, timeout)
    finally:
        shell.close()
        # The web page goes before its profile, or QtWebEngine warns at exit.
        from PySide6.QtCore import QCoreApplication, QEvent  # noqa: PLC0415

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        db.dispose()
        translations.clear()


def _show_map(window: MainWindow, timeout: float) -> None:
    window.show_section("map")
    section = window.page("map")

    def map_loaded() -> bool:
        view = getattr(section, "view", None)
        return view is not None and bool(view.is_loaded)

    _wait("the map page", map_loaded, timeout)
    view = getattr(section, "view")  # noqa: B009 - a MapSection (ui.map_link), not imported
    answer = _js(view.run_js, LEAFLET_PROBE, timeout)
    if answer != LEAFLET_READY:
        raise StepFailed(f"the map page: Leaflet answered {answer!r}")
    print("map-shown", flush=True)


def _show_preview(window: MainWindow, login: str, timeout: float) -> None:
    documents = window.documents
    if documents is None:
        raise StepFailed(f"the PDF preview: {login} has no calendar to print from")
    preview = documents.branch_day()
    failures: list[str] = []
    preview.sig_failed.connect(failures.append)
    _wait("the PDF preview", lambda: preview.is_ready() or bool(failures), timeout)
    if failures or preview.page_count() < 1:
        raise StepFailed(f"the PDF preview: {failures or 'no page'}")
    print(f"pdf-shown {preview.page_count()}", flush=True)
    preview.close()


def _page(html: Path, timeout: float) -> None:
    from PySide6.QtCore import QUrl  # noqa: PLC0415
    from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    _app = QApplication.instance() or QApplication(sys.argv[:1])
    view = QWebEngineView()
    view.resize(1024, 768)
    loaded: list[bool] = []
    view.loadFinished.connect(loaded.append)
    view.load(QUrl.fromLocalFile(str(html.resolve())))
    view.show()
    _wait(f"loading {html.name}", lambda: bool(loaded), timeout)
    if not loaded[0]:
        raise StepFailed(f"loading {html.name}")

    def run(script: str, callback: Callable[[Any], None]) -> None:
        view.page().runJavaScript(script, 0, callback)

    answer = _js(run, LEAFLET_PROBE, timeout)
    if answer != LEAFLET_READY:
        raise StepFailed(f"{html.name}: Leaflet answered {answer!r}")
    # Leaflet drew something: the offline layer's or the customers' vector paths or markers.
    drawn = _js(run, "document.querySelectorAll('.leaflet-interactive, .leaflet-marker-icon')"
                ".length", timeout)
    if not drawn:
        raise StepFailed(f"{html.name}: nothing drawn on the map")
    print(f"page-shown {drawn}", flush=True)
    view.close()


def _spawn() -> None:
    from hvdesk.demo.pipeline import CustomerStream  # noqa: PLC0415

    stream = CustomerStream(seed=1, customers=50, branch_id=1, chunk=20, parallel=True)
    made = sum(len(customers) for customers, _loans in stream)
    if made != 50:
        raise StepFailed(f"the helper process made {made} customers of 50")
    print(f"spawn-made {made}", flush=True)


def _where() -> None:
    import PySide6  # noqa: PLC0415

    import hvdesk  # noqa: PLC0415
    import ui  # noqa: PLC0415

    print(f"frozen {bool(getattr(sys, 'frozen', False))}")
    for module in (hvdesk, ui, PySide6):
        print(f"{module.__name__} {Path(module.__file__ or '').resolve().parent}")
