"""The PyInstaller bundle (packaging/) works with nothing but its own files.

Slow (the build takes minutes), so it runs only when asked for:
``python -m pytest -n 0 -m slow tests/test_bundle.py`` (CI runs it after the
suite, .ci/run). ``HVDESK_BUNDLE_DIR=dist/hvdesk`` reuses a bundle built
beforehand (``python packaging/build.py``) instead of building one here.

Every command runs the bundle's executable with the working directory outside
the source tree and no PYTHONPATH, so nothing can come from the checkout:
``--version``, ``demo``, ``brief`` (the PDF read back with pypdf), ``map -o``
and that page drawn by the bundle's QtWebEngine, the demo's helper process,
and the application started offscreen, signed in, with the map and a PDF
preview opened (``hvdesk selftest``, ui/selftest.py). The size of the bundle
and its start-up time to the sign-in window are printed.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

import hvdesk

ROOT = Path(__file__).resolve().parents[1]
WINDOWS = sys.platform == "win32"
#: Generous: the build machine may be shared and busy.
STEP_TIMEOUT_S = 600

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def _asked_for(request: pytest.FixtureRequest) -> None:
    """Not part of the plain suite run: only with ``-m slow`` (or a bundle given)."""
    expression = request.config.getoption("markexpr") or ""
    if "slow" not in expression and not os.environ.get("HVDESK_BUNDLE_DIR"):
        pytest.skip("builds the bundle: run with -m slow (or set HVDESK_BUNDLE_DIR)")


@dataclass
class Bundle:
    folder: Path
    built_in_s: float | None

    @property
    def app(self) -> Path:
        return self.folder / ("hvdesk.exe" if WINDOWS else "hvdesk")

    @property
    def cli(self) -> Path:
        # On Windows hvdesk.exe has no console; the commands' output needs hvdesk-cli.exe.
        return self.folder / ("hvdesk-cli.exe" if WINDOWS else "hvdesk")

    def size_mib(self) -> float:
        files = (p for p in self.folder.rglob("*") if p.is_file() and not p.is_symlink())
        return sum(p.stat().st_size for p in files) / 2**20


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    given = os.environ.get("HVDESK_BUNDLE_DIR")
    if given:
        return Bundle(Path(given).resolve(), None)
    out = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(out / "dist"),
         "--work", str(out / "work")],
        check=True, timeout=3 * STEP_TIMEOUT_S,
    )
    return Bundle(out / "dist" / "hvdesk", time.monotonic() - started)


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working directory: outside the source tree."""
    folder = tmp_path_factory.mktemp("outside")
    assert ROOT not in folder.parents
    return folder


@pytest.fixture(scope="module")
def env(place: Path) -> dict[str, str]:
    """A minimal environment: no PYTHONPATH/PYTHONHOME, data and settings in the temp folder."""
    keep = ("PATH", "SYSTEMROOT", "WINDIR", "TEMP", "TMP", "LANG", "LC_ALL", "XDG_RUNTIME_DIR")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update(
        HOME=str(place), USERPROFILE=str(place),
        HVDESK_DATA_DIR=str(place / "data"), HVDESK_CONFIG_DIR=str(place / "config"),
        HVDESK_KEYRING="off", HVDESK_LANG="en",
        QT_QPA_PLATFORM="offscreen",
        # Chromium refuses to run as root with its sandbox (CI containers).
        QTWEBENGINE_DISABLE_SANDBOX="1",
    )
    return env


def run(bundle: Bundle, env: dict[str, str], place: Path, *args: str,
        exe: Path | None = None, extra: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(exe or bundle.cli), *args], cwd=place, env={**env, **(extra or {})},
        capture_output=True, text=True, encoding="utf-8", timeout=STEP_TIMEOUT_S, check=False,
    )
    assert done.returncode == 0, f"hvdesk {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


@dataclass
class Demo:
    url: str
    path: Path
    passwords: dict[str, str]


@pytest.fixture(scope="module")
def demo(bundle: Bundle, env: dict[str, str], place: Path) -> Demo:
    path = place / "demo.db"
    url = f"sqlite:///{path.as_posix()}"
    done = run(bundle, env, place, "--db", url, "demo", "--customers", "500")
    assert "500 customer" in done.stdout
    passwords = dict(re.findall(r"^\s+(\w+)\s+(\S+)$", done.stdout, re.MULTILINE))
    assert "coord1" in passwords
    return Demo(url, path, passwords)


def busiest_coming_day(path: Path) -> str:
    """The day ahead with the most planned visits (read directly; only to pick a date)."""
    with sqlite3.connect(path) as conn:
        row = conn.execute(
            "SELECT substr(planned_start, 1, 10) AS day, count(*) AS n FROM visit "
            "WHERE planned_start >= date('now') GROUP BY day ORDER BY n DESC LIMIT 1"
        ).fetchone()
    assert row is not None, "the demo planned no visits ahead"
    return str(row[0])


def signed(demo: Demo, login: str) -> dict[str, str]:
    return {"HVDESK_PASSWORD": demo.passwords[login]}


def test_version(bundle: Bundle, env: dict[str, str], place: Path) -> None:
    done = run(bundle, env, place, "--version")
    assert done.stdout.strip() == f"hvdesk {hvdesk.__version__}"


def test_nothing_comes_from_the_source_tree(bundle: Bundle, env: dict[str, str],
                                           place: Path) -> None:
    done = run(bundle, env, place, "selftest", "where")
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert lines.pop("frozen") == "True"
    assert set(lines) == {"hvdesk", "ui", "PySide6"}
    for name, folder in lines.items():
        assert Path(folder).is_relative_to(bundle.folder.resolve()), (name, folder)


def test_brief_writes_a_readable_pdf(bundle: Bundle, env: dict[str, str], place: Path,
                                     demo: Demo) -> None:
    out = place / "brief.pdf"
    day = busiest_coming_day(demo.path)
    run(bundle, env, place, "--db", demo.url, "--as", "coord1", "brief", "--date", day,
        "-o", str(out), extra=signed(demo, "coord1"))
    reader = PdfReader(out)
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert len(reader.pages) >= 2
    # The CJK font is embedded and its text extractable (the bundle carries the font).
    assert day in text or day.replace("-", "/") in text or re.search(r"\d{4}年", text), text[:300]
    assert re.search(r"[\u4e00-\u9fff]", text)


def test_map_page_written_and_drawn_by_the_bundles_webengine(
        bundle: Bundle, env: dict[str, str], place: Path, demo: Demo) -> None:
    out = place / "map.html"
    run(bundle, env, place, "--db", demo.url, "--as", "coord1", "map", "-o", str(out),
        extra=signed(demo, "coord1"))
    assert out.exists()
    assert (place / "map_files").is_dir()
    done = run(bundle, env, place, "selftest", "page", str(out), exe=bundle.cli)
    assert "page-shown" in done.stdout and done.stdout.rstrip().endswith("OK")


def test_the_demo_helper_process_starts_from_the_bundle(
        bundle: Bundle, env: dict[str, str], place: Path) -> None:
    done = run(bundle, env, place, "selftest", "spawn")
    assert "spawn-made 50" in done.stdout


@pytest.mark.pg
def test_the_bundle_works_on_a_postgresql_server(bundle: Bundle, env: dict[str, str],
                                                 place: Path, pg_url: str) -> None:
    """psycopg's binary build and the migrations on a server, from the bundle."""
    done = run(bundle, env, place, "--db", pg_url, "demo", "--customers", "200")
    assert "PostgreSQL" in done.stdout and "200 customer" in done.stdout
    info = run(bundle, env, place, "--db", pg_url, "db", "info")
    # At the newest schema this build knows.
    assert re.search(r"^revision: (\w+) \(current: \1\)$", info.stdout, re.MULTILINE), info.stdout


def start_gui(bundle: Bundle, env: dict[str, str], place: Path, demo: Demo,
              *more: str) -> tuple[float, list[str], str]:
    """Run ``selftest gui``: (seconds from launch to the sign-in window, stdout lines, stderr)."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [str(bundle.cli), "selftest", "gui", "--db", demo.url, "--as", "coord1", *more],
        cwd=place, env={**env, **signed(demo, "coord1")}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    assert proc.stdout is not None
    lines: list[str] = []
    shown_after = -1.0
    for line in proc.stdout:
        lines.append(line.strip())
        if line.startswith("signin-shown"):
            shown_after = time.monotonic() - started
    _out, err = proc.communicate(timeout=STEP_TIMEOUT_S)
    assert proc.returncode == 0, "\n".join(lines) + "\n" + err
    return shown_after, lines, err


@pytest.fixture
def report(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    lines: list[str] = []
    yield lines
    capman = request.config.pluginmanager.getplugin("capturemanager")
    with capman.global_and_fixture_disabled():
        for line in lines:
            print(f"\n[bundle] {line}", end="")


def test_the_application_starts_signs_in_and_shows_map_and_preview(
        bundle: Bundle, env: dict[str, str], place: Path, demo: Demo,
        report: list[str]) -> None:
    first, lines, _err = start_gui(bundle, env, place, demo)
    assert [line.split()[0] for line in lines] == [
        "signin-shown", "signed-in", "map-shown", "pdf-shown", "OK"
    ]
    again, _lines, _err = start_gui(bundle, env, place, demo, "--signin-only")
    built = f", built in {bundle.built_in_s:.0f} s" if bundle.built_in_s is not None else ""
    report.append(f"{bundle.folder}: {bundle.size_mib():.0f} MiB{built}")
    report.append(f"sign-in window after {first:.1f} s (first start), {again:.1f} s (again)")
