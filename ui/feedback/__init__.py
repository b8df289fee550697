"""After the visit: feedback and complaints, promises and repayments, costs (issue 7).

* :mod:`~ui.feedback.feedback_dialog` — the post-visit survey, opening a complaint case;
* :mod:`~ui.dashboard.complaint_dialog` — resolving a case (upheld or not, do-not-visit);
* :mod:`~ui.dashboard.repayment_dialog` — a repayment that may keep a promise to pay;
* :mod:`~ui.feedback.costs_dialog` — a visit's costs and the branch's cost defaults;
* :mod:`~ui.feedback.calendar_hooks` — what the calendar opens from a visit's details,
  and the broken promises its unscheduled pane lists.
"""
