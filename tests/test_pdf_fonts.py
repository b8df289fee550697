"""Every font a PDF declares is embedded (issue 16: the pack declared Helvetica, not embedded).

An unembedded font is drawn with whatever the printer or viewer substitutes;
``pdffonts`` shows "emb no". Checked here on every document the app prints.
"""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from hvdesk.database import Database
from reports import api
from tests.documents_helpers import make_pack_world
from tests.scheduling_helpers import TUESDAY


def _unembedded(pdf: bytes) -> set[str]:
    missing: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts: Any = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            for f in [d.get_object() for d in descendants] if descendants else [font]:
                descriptor = f.get("/FontDescriptor")
                files = ("/FontFile", "/FontFile2", "/FontFile3")
                if descriptor is None or not any(k in descriptor.get_object() for k in files):
                    missing.add(str(f.get("/BaseFont")))
    return missing


def test_every_document_embeds_every_font_it_declares(sqlite_db: Database) -> None:
    pack = make_pack_world(sqlite_db)
    coord = pack.world.coord
    with sqlite_db.begin() as s:
        documents = {
            "pack": api.briefing_pack(s, coord, TUESDAY, team_lead_id=pack.lead_a,
                                      invariant=True, cipher=sqlite_db.cipher),
            "report": api.visit_report_pdf(s, coord, pack.past_visit, invariant=True),
            "day": api.branch_day_schedule(s, coord, TUESDAY, invariant=True),
            "week": api.team_week_schedule(s, coord, TUESDAY, pack.lead_a, invariant=True),
        }
    assert {name: _unembedded(pdf) for name, pdf in documents.items()} == {
        name: set() for name in documents}
