"""What the preview is asked to show, and how its outputs are audited.

Kept free of Qt widgets so the actions, the preview and the tests share one
small vocabulary: a :class:`DocumentJob` produces the PDF bytes on a worker
thread; a :data:`Recorder` audits a print or a save on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from hvdesk.database import Database
from hvdesk.services import audit
from hvdesk.services.context import Actor

#: ``progress(done, total)``, called on the worker thread while the document is built.
Progress = Callable[[int, int], None]
OutputAction = Literal["print", "save"]


class GenerationCancelled(Exception):
    """Raised from the progress callback when the user closed the preview; not an error."""


@dataclass(frozen=True)
class DocumentJob:
    """One document to generate.

    ``kind`` and ``reference`` go to the audit trail and must hold no personal
    data (``"briefing_pack"``, ``"2026-11-30/lead=12"``). ``produce`` runs on a
    worker thread, opens its own session and returns the PDF bytes.
    """

    kind: str
    reference: str
    title: str
    file_name: str
    produce: Callable[[Progress], bytes]


#: ``recorder(job, action, pages)`` audits that ``pages`` pages of ``job`` were printed or saved.
Recorder = Callable[[DocumentJob, OutputAction, int], None]


def database_recorder(db: Database, actor: Actor) -> Recorder:
    """The real recorder: one short transaction through ``reports.api.record_output``."""

    def record(job: DocumentJob, action: OutputAction, pages: int) -> None:
        # reportlab and the fonts (0.4 s) load when a document is first wanted, not at start.
        from reports import api  # noqa: PLC0415

        with db.begin() as session:
            audit.bind_actor(session, actor)
            api.record_output(session, actor, job.kind, job.reference, action, pages)

    return record
