"""The layers hold: core < reports < ui < entry points; the UI's features independent.

The contracts are in pyproject.toml ([tool.importlinter]); import-linter reads
every import, including those inside functions, so an import by name
(``importlib``) to get around them is itself refused below.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]


def _contract(contract_id: str) -> dict[str, object]:
    return next(c for c in CONFIG["contracts"] if c["id"] == contract_id)


def test_lint_imports_keeps_every_contract() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
        "lint-imports")
    if exe is None:
        pytest.fail("import-linter is not installed (it is in the test extra)")
    proc = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_core_contract_lists_every_core_module() -> None:
    """A new core package is covered by the core contract from its first commit."""
    listed = set(_contract("core")["source_modules"])  # type: ignore[arg-type]
    entry = {"cli", "__main__", "__init__"}
    present = {p.stem for p in (ROOT / "hvdesk").iterdir()
               if (p.suffix == ".py" or (p / "__init__.py").exists()) and p.stem not in entry}
    assert {f"hvdesk.{m}" for m in present} == listed


#: Packages of the shell that every feature may use (not features themselves).
SHARED_UI = {"ui.common"}


def test_every_ui_feature_is_declared_independent() -> None:
    listed = set(_contract("ui-features")["modules"])  # type: ignore[arg-type]
    packages = {f"ui.{p.name}" for p in (ROOT / "ui").iterdir() if (p / "__init__.py").exists()}
    assert packages - SHARED_UI == listed


def test_nothing_imports_by_name_around_the_contracts() -> None:
    pattern = re.compile(r"importlib\.import_module\(|__import__\(")
    offenders = [str(p.relative_to(ROOT)) for pkg in ("hvdesk", "reports", "ui")
                 for p in (ROOT / pkg).rglob("*.py") if pattern.search(p.read_text("utf-8"))]
    assert offenders == []
