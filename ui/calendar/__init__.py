"""The visit calendar: day, week and month views, drag to plan, auto-plan, routes, export.

Modules, from the data up:

* :mod:`hvdesk.scheduling.calendar_query` (core) — a range's visits as frozen
  ``VisitBlock`` values (one batch of queries), teams and visitors as columns,
  the customers due a visit, and the visits a change names read again;
  :mod:`hvdesk.scheduling.create_many` — the visits of a drop of customers;
* :mod:`~ui.calendar.layout` — pure geometry of the day and week grids;
  :mod:`~ui.calendar.week_layout` — the week's folded rest days and its lists;
  :mod:`~ui.calendar.week_arrange` — grid or lists, whichever lets every visit
  show its time and customer (issue 16.4);
* :mod:`~ui.calendar.conflicts`, :mod:`~ui.calendar.dragging` — what a drag
  means and its in-memory check (``hvdesk.scheduling.rules`` over a context
  preloaded with the range: no query per mouse move);
* :mod:`~ui.calendar.backend` — the protocol the widgets use;
  :mod:`~ui.calendar.service_backend` implements it over ``hvdesk.scheduling``;
* :mod:`~ui.calendar.canvas`, :mod:`~ui.calendar.paint`, :mod:`~ui.calendar.paint_week`,
  :mod:`~ui.calendar.month` — the painted views; :mod:`~ui.calendar.canvas_keys` — keys,
  a block's context menu request, folded days; :mod:`~ui.calendar.block_menu`,
  :mod:`~ui.calendar.block_dialogs` — that menu (open, move, cancel, notices, report);
  :mod:`~ui.calendar.editing` — writes (on workers) and undo;
* :mod:`~ui.calendar.follow` — the change hub: only the visits a change names are
  read again; :mod:`~ui.calendar.visit_dialogs` — a visit's details;
* :mod:`~ui.calendar.extras` — what other features hand over (printing, feedback);
* :mod:`~ui.calendar.page` — :class:`~ui.calendar.page.CalendarPage`, the section.

Drag and drop: customers arrive as :data:`ui.dragdrop.CUSTOMER_IDS_MIME`
(``application/x-hvdesk-customer-ids``), a UTF-8 JSON list of customer ids
(``[12, 15]``) and nothing else, so no personal data travels through the
clipboard. Any view may be the source (the customer list, the map's selection,
the calendar's own "due a visit" pane); dropping on a slot creates one visit
per customer for that column's team, one after another with travel time
between them, each through the scheduling service, in one transaction on a worker.
"""
