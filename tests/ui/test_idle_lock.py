"""Issue 14: the window locks when idle, hides personal data, and wants the password back."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from hvdesk.database import Database
from hvdesk.model import AuditEvent, User
from hvdesk.services.auth import POLICY
from tests.factories import PASSWORD, Org
from tests.ui.conftest import open_window
from ui.customers.list_page import CustomerListPage
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.preferences import PreferencesDialog
from ui.settings import Settings


def lock_soon(qtbot: QtBot, window: MainWindow) -> None:
    window.idle_lock.set_interval_ms(300)
    qtbot.waitUntil(lambda: window.idle_lock.is_locked, timeout=5000)


def covered(window: MainWindow) -> bool:
    """No widget of the window's content is visible; the lock screen fills it."""
    screen = window.idle_lock.screen
    central = window.centralWidget()
    return (screen.isVisible() and screen.geometry() == window.rect()
            and central is not None and not central.isVisible()
            and not any(w.isVisible() for w in central.findChildren(QWidget)))


def failures(db: Database, login: str) -> tuple[int, list[str]]:
    with db.session() as s:
        count = s.scalar(select(User.failed_count).where(User.login == login))
        vias = s.scalars(select(AuditEvent).where(AuditEvent.actor_login == login,
                                                  AuditEvent.action == "sign_in_failed"))
        return int(count or 0), [e.detail["via"] for e in vias]


def test_idle_window_locks_and_unlocks_with_the_password(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    translations.apply("en")
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    assert window.idle_lock.interval_ms() == POLICY.idle_lock_minutes * 60_000
    window.show_section("customers")
    page = window.pages["customers"]
    assert isinstance(page, CustomerListPage) and page.isVisible()
    # Activity keeps it open …
    window.idle_lock.set_interval_ms(400)
    for _ in range(4):
        qtbot.wait(150)
        qtbot.mouseMove(window.rail.viewport(), QPoint(10, 10 + _))
    assert not window.idle_lock.is_locked
    # … idleness locks it.
    lock_soon(qtbot, window)
    assert covered(window)
    assert not page.isVisible()
    assert not window.menuBar().isEnabled()
    assert not window.action_preferences.isEnabled()
    screen = window.idle_lock.screen
    assert "coord1" in screen.hint.text()

    qtbot.keyClicks(screen.password_edit, "not-it")
    # The password is checked on a worker.
    with qtbot.waitSignal(window.idle_lock.sig_unlock_refused):
        qtbot.keyClick(screen.password_edit, Qt.Key.Key_Return)
    assert window.idle_lock.is_locked and covered(window)
    assert screen.error_label.text() == "Wrong user name or password, or the account is disabled."
    assert failures(sqlite_db, "coord1") == (1, ["unlock"])

    qtbot.keyClicks(screen.password_edit, PASSWORD)
    with qtbot.waitSignal(window.idle_lock.sig_unlocked):
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.idle_lock.is_locked
    assert page.isVisible() and window.menuBar().isEnabled()
    assert window.action_preferences.isEnabled()
    assert failures(sqlite_db, "coord1")[0] == 0  # a good password resets the count
    with sqlite_db.session() as s:
        unlocks = s.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in",
                                                     AuditEvent.actor_login == "coord1"))
        assert [e.detail["via"] for e in unlocks] == ["app", "unlock"]


def test_wrong_passwords_on_the_lock_screen_lock_the_login(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    translations.apply("en")
    window = open_window(qtbot, sqlite_db, "visitor1", settings, translations)
    lock_soon(qtbot, window)
    lock = window.idle_lock
    for _ in range(POLICY.max_failures):
        with qtbot.waitSignal(lock.sig_unlock_refused):
            lock.unlock("guess")
        qtbot.waitUntil(lambda: lock._checking is None)
    screen = window.idle_lock.screen
    assert screen.error_label.text().startswith("Too many wrong passwords: this login is locked")
    # The right password no longer helps until the lock runs out.
    with qtbot.waitSignal(lock.sig_unlock_refused):
        lock.unlock(PASSWORD)
    assert window.idle_lock.is_locked and covered(window)
    with sqlite_db.session() as s:
        actions = list(s.scalars(select(AuditEvent.action).where(
            AuditEvent.actor_login == "visitor1", AuditEvent.action.like("sign_in_%"))))
    assert actions == ["sign_in_failed"] * 5 + ["sign_in_locked", "sign_in_refused"]
    # Signing out from the lock screen is always possible.
    with qtbot.waitSignal(window.sig_sign_out):
        qtbot.mouseClick(screen.sign_out_button, Qt.MouseButton.LeftButton)
    with sqlite_db.begin() as s:
        s.execute(update(User).values(locked_until=None))


def test_other_windows_are_hidden_while_locked(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    other = QWidget()
    qtbot.addWidget(other)
    other.setWindowTitle("customer file")
    other.show()
    qtbot.waitExposed(other)
    lock_soon(qtbot, window)
    assert not other.isVisible()
    with qtbot.waitSignal(window.idle_lock.sig_unlocked):
        window.idle_lock.unlock(PASSWORD)
    assert other.isVisible()


def test_idle_period_is_a_preference(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    settings.idle_lock_minutes = 3
    window = open_window(qtbot, sqlite_db, "manager1", settings, translations)
    assert window.idle_lock.interval_ms() == 3 * 60_000
    dialog = window.open_preferences()
    assert isinstance(dialog, PreferencesDialog)
    assert dialog.idle_spin.value() == 3
    dialog.idle_spin.setValue(25)
    dialog.accept()
    assert settings.idle_lock_minutes == 25
    assert window.idle_lock.interval_ms() == 25 * 60_000
