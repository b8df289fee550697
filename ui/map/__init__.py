"""The customer map page: a QWebEngineView over the page ``hvdesk.mapping`` builds."""

from ui.map.view import MapView

__all__ = ["MapView"]
