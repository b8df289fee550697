"""The project's promises about itself: README commands, CI, lint and types."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    head = text.split("## Command line")[0]
    return re.findall(r"```\n(.+?)\n```", head)


def test_readme_has_the_two_commands_and_ci_runs_the_test_one():
    start, test = _readme_commands()
    assert "hvdesk demo" in start
    assert start.rstrip().endswith("hvdesk")
    assert "pytest" in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == test


def test_ruff_is_clean():
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff not installed")
    proc = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_mypy_is_clean():
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    if "No module named mypy" in proc.stderr:
        pytest.skip("mypy not installed")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_source_file_is_too_long():
    long_files = [
        str(p.relative_to(ROOT)) for pkg in ("hvdesk", "ui", "reports", "tests", "bench")
        for p in (ROOT / pkg).rglob("*.py") if len(p.read_text(encoding="utf-8").splitlines()) > 650
    ]
    assert long_files == []
