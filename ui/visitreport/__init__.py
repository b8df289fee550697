"""Visit reports in the desktop: the report form, the writers' list and the reviewers' queue.

The main window needs only :class:`~ui.visitreport.opener.ReportOpener`:
``sections()`` gives its "Reports" / "Reviews" sections and
``attach_calendar(page)`` adds "Write report…" to the calendar's visit details.
"""
