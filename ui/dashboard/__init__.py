"""The managers' dashboard section (issue 7).

* :mod:`~ui.dashboard.page` — :class:`~ui.dashboard.page.DashboardPage`, the section:
  period and grouping, headline numbers, six chart cards, the complaints and
  promises tabs, "Export .xlsx…";
* :mod:`~ui.dashboard.convert` — the core's ``Dashboard`` as chart specs and exact figures;
* :mod:`~ui.dashboard.charts`, :mod:`~ui.dashboard.figures` — QtCharts drawing and the
  table model behind each chart's "Table" toggle;
* :mod:`~ui.dashboard.complaints`, :mod:`~ui.dashboard.promises` — the two list tabs;
* :mod:`~ui.dashboard.prefs` — remembered period, grouping, tab and export folder.
"""
