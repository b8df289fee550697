"""``hvdesk``: the launcher starts the application with no command, else runs the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ui import app as app_module
from ui import launch

ROOT = Path(__file__).resolve().parents[2]


def test_no_command_or_gui_starts_the_application(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[str | None] = []
    monkeypatch.setattr(app_module, "run", lambda url, _argv: started.append(url) or 0)
    assert launch.main([]) == 0
    assert launch.main(["--db", "sqlite:///x.db", "gui"]) == 0
    assert started == [None, "sqlite:///x.db"]


def test_a_command_goes_to_the_cli(monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(app_module, "run", lambda *_a: pytest.fail("the application started"))
    assert launch.main(["idcard", "11010519491231002X"]) == 0
    assert "1949-12-31" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        launch.main(["--version"])


def test_the_core_alone_says_where_the_application_is() -> None:
    """``python -m hvdesk`` (no Qt) runs commands; the application starts from ``hvdesk``."""
    done = subprocess.run([sys.executable, "-m", "hvdesk"], cwd=ROOT, capture_output=True,
                          text=True, check=False, env={"HVDESK_LANG": "en", "PATH": ""})
    assert done.returncode == 1
    assert "starts with the 'hvdesk' command" in done.stderr
