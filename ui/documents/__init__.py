"""Documents in the app: generate a PDF on a worker, preview it, print it or save it.

* :mod:`~ui.documents.job` — what to generate (:class:`DocumentJob`) and how an
  output is audited (:data:`Recorder`);
* :mod:`~ui.documents.preview` — :class:`PdfPreviewDialog`: progress while the
  worker generates, then the pages (QPdfView), Print… and Save as…;
* :mod:`~ui.documents.printing` — the system print dialog and rendering the
  chosen pages onto the printer;
* :mod:`~ui.documents.team_dialog` — choosing the team a document is for;
* :mod:`hvdesk.documents.lookup` — a visit's report status (a core read, run on a worker);
* :mod:`~ui.documents.actions` — the app's document commands (briefing pack,
  branch day, team week, visit report) for the calendar and the File menu.

The PDFs come from :mod:`reports.api`; every print and save is audited through
``reports.api.record_output``.
"""
