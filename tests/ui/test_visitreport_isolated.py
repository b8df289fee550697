"""Runs the report form and review queue tests in a fresh process (see ``ISOLATED`` in conftest).

They still run on every ``python -m pytest``: this test fails with their output when any fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.ui.conftest import ISOLATED, ISOLATED_ENV

HERE = Path(__file__).resolve().parent


def test_report_form_and_review_queue_in_their_own_process() -> None:
    env = {**os.environ, ISOLATED_ENV: "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         *(str(HERE / name) for name in ISOLATED)],
        cwd=HERE.parents[1], env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
