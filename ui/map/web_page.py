"""The map's web page: what its scripts write to the console goes to the log."""

from __future__ import annotations

import logging

from PySide6.QtWebEngineCore import QWebEnginePage

log = logging.getLogger("ui.map.view")


class LoggingPage(QWebEnginePage):
    """Sends the page's console messages to the log (errors as warnings)."""

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        error = level is QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel
        log.log(
            logging.WARNING if error else logging.DEBUG,
            "map page: %s (%s:%d)",
            message,
            source,
            line,
        )
