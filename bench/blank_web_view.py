"""The memory anchor of the map: what a blank QWebEngineView adds to a bare PySide6 process.

    python bench/blank_web_view.py

A bare window is shown; half a second later a QWebEngineView replaces its
content and loads ``about:blank``; 2 s after the load finished the process's
memory (``procmem``) is read again. Chromium starts with the flags the
application gives it (``ui.web_engine``: no GPU unless ``HVDESK_MAP_GPU=1``).
Prints one JSON line: ``before``, ``after`` and ``growth`` (MB; RSS, RssAnon,
RssFile, Private). ``bench/map_build.py --cold`` and ``bench/app_memory.py``
print it beside the map's own growth: what no page of ours can go below while
QtWebEngine runs in the application's process.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from procmem import proc_memory  # noqa: E402

KEYS = ("VmRSS", "RssAnon", "RssFile", "Private")


def main() -> int:
    from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow  # noqa: PLC0415

    from ui import web_engine  # noqa: PLC0415

    web_engine.configure()
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("hvdesk"))
    window.resize(1200, 800)
    window.show()
    out: dict[str, dict[str, float]] = {}

    def done() -> None:
        out["after"] = proc_memory(os.getpid())
        out["growth"] = {k: out["after"][k] - out["before"][k] for k in KEYS}
        print(json.dumps({k: {m: round(v[m], 1) for m in KEYS} for k, v in out.items()}),
              flush=True)
        app.quit()

    def blank() -> None:
        out["before"] = proc_memory(os.getpid())
        from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: PLC0415

        view = QWebEngineView()
        window.setCentralWidget(view)
        view.loadFinished.connect(lambda _ok: QTimer.singleShot(2000, done))
        view.load(QUrl("about:blank"))

    QTimer.singleShot(500, blank)
    app.exec()
    return 0


def measure() -> dict[str, dict[str, float]]:
    """Run this script in a fresh process; its figures (or {} if it failed)."""
    import subprocess  # noqa: PLC0415

    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    done = subprocess.run([sys.executable, str(Path(__file__).resolve())], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    found: dict[str, dict[str, float]] = json.loads(lines[-1]) if lines else {}
    return found


if __name__ == "__main__":
    raise SystemExit(main())
