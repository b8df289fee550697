"""The Notices section: SMS notices of a day's visits, previewed, edited, sent, tracked.

* :mod:`~ui.notices.backend` — the calls into :mod:`hvdesk.notices` (one session each);
* :mod:`~ui.notices.model` — the table model, its filter proxy and what "sendable" means;
* :mod:`~ui.notices.preview` — the selected notice's full text, length and wording problems;
* :mod:`~ui.notices.settings_dialog` — signature, gateway, token, forbidden words;
* :mod:`~ui.notices.page` — :class:`~ui.notices.page.NoticesPage`, the section.
"""
