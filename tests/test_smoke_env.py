"""Smoke checks of an installation: .ci/run runs these (and .ci/smoke-tests) in a fresh venv.

They check what differs between environments (wheels, Python versions, the
PySide6 layout): every module imports, the CLI works end to end on a demo
database, and the smoke list names tests that exist.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from hvdesk.database import Database
from hvdesk.model import ReportStatus, Visit, VisitReport

ROOT = Path(__file__).resolve().parents[1]
SMOKE_LIST = ROOT / ".ci" / "smoke-tests"
PACKAGES = ("hvdesk", "reports", "ui")
#: Alembic's env.py and revision scripts run inside Alembic, not as importable modules.
NOT_MODULES = ("hvdesk.migrations.versions", "hvdesk.migrations.env")


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        root = importlib.import_module(package)
        names.append(package)
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            # __main__ runs the CLI when imported.
            if not info.name.startswith(NOT_MODULES) and not info.name.endswith(".__main__"):
                names.append(info.name)
    return names


def test_every_module_imports() -> None:
    failed = []
    for name in _modules():
        try:
            importlib.import_module(name)
        except Exception as exc:  # a report of all of them beats stopping at the first
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
    assert failed == []


def test_the_qt_modules_the_app_uses_are_installed() -> None:
    """The wheels that hold them changed in PySide6 6.12 (pyproject.toml)."""
    for name in ("QtCharts", "QtPdf", "QtPdfWidgets", "QtPrintSupport", "QtWebChannel",
                 "QtWebEngineCore", "QtWebEngineWidgets", "QtWidgets"):
        importlib.import_module(f"PySide6.{name}")


def _hvdesk(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hvdesk", *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False, timeout=600)


def test_cli_end_to_end_on_a_demo(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'demo.db').as_posix()}"
    made = _hvdesk("demo", "--db", url, "--customers", "120", "--seed", "7")
    assert made.returncode == 0, made.stderr
    passwords = dict(re.findall(r"^  (\w+)\s+(\S+)$", made.stdout, re.MULTILINE))
    assert {"admin", "coord1", "visitor1"} <= passwords.keys()
    again = _hvdesk("demo", "--db", url, "--customers", "120", "--seed", "7")
    assert (again.returncode, again.stdout.count("\n")) == (0, 1), again.stderr

    db = Database.open(url)
    with db.session() as s:
        day = s.scalar(select(Visit.planned_start).order_by(Visit.planned_start.desc()))
        approved = s.scalar(
            select(VisitReport.visit_id).where(VisitReport.status == ReportStatus.APPROVED)
        )
    db.dispose()
    assert day is not None and approved is not None

    env = {**os.environ, "HVDESK_USER": "coord1", "HVDESK_PASSWORD": passwords["coord1"]}
    steps = [
        ("db", "info"),
        ("customer", "show", "1"),
        ("map", "-o", str(tmp_path / "map.html"), "--date", day.date().isoformat()),
        ("brief", "--date", day.date().isoformat(), "-o", str(tmp_path / "brief.pdf")),
        ("report", str(approved), "-o", str(tmp_path / "report.pdf")),
        ("schedule", "export-ics", "--from", "2020-01-01", "--to", "2030-12-31",
         "-o", str(tmp_path / "visits.ics")),
        ("export", "customers", "-o", str(tmp_path / "customers.xlsx")),
    ]
    for step in steps:
        done = _hvdesk(*step, "--db", url, env=env)
        assert done.returncode == 0, f"{step}: {done.stderr}"
    assert (tmp_path / "map.html").stat().st_size > 1000
    for pdf in ("brief.pdf", "report.pdf"):
        assert (tmp_path / pdf).read_bytes().startswith(b"%PDF")


def test_the_smoke_list_names_tests_that_exist() -> None:
    entries = [line.split("#")[0].strip() for line in SMOKE_LIST.read_text().splitlines()]
    missing = []
    for entry in filter(None, entries):
        path, _, name = entry.partition("::")
        file = ROOT / path
        if not file.is_file() or (name and f"def {name}(" not in file.read_text("utf-8")):
            missing.append(entry)
    assert missing == []


@pytest.mark.parametrize("command", [("--help",), ("--version",)])
def test_help_and_version_answer(command: tuple[str, ...]) -> None:
    proc = _hvdesk(*command)
    assert proc.returncode == 0
    assert proc.stdout.startswith(("usage: hvdesk", "hvdesk "))
