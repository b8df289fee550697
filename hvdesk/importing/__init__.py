"""Import customers and loan accounts from ``.xlsx`` and ``.csv`` files.

``import_customers`` is the one service the CLI and the import wizard call;
the other names help a UI show the file and the column mapping first.
"""

from hvdesk.importing.fields import (
    FIELD_KEYS,
    FIELDS,
    REQUIRED,
    FieldSpec,
    Mapping,
    guess_mapping,
    missing_required,
    recognise,
)
from hvdesk.importing.reader import CSV_ENCODINGS, Table, detect_encoding, open_table
from hvdesk.importing.service import (
    ImportCancelled,
    ImportResult,
    ImportSummary,
    Progress,
    RejectedRow,
    RowOutcome,
    branch_choices,
    import_customers,
    resolve_branch,
    save_rejected,
)
from hvdesk.importing.workbook import REASON_HEADER, neutralise, write_error_workbook

__all__ = [
    "CSV_ENCODINGS",
    "FIELDS",
    "FIELD_KEYS",
    "REASON_HEADER",
    "REQUIRED",
    "FieldSpec",
    "ImportCancelled",
    "ImportResult",
    "ImportSummary",
    "Mapping",
    "Progress",
    "RejectedRow",
    "RowOutcome",
    "Table",
    "branch_choices",
    "detect_encoding",
    "guess_mapping",
    "import_customers",
    "missing_required",
    "neutralise",
    "open_table",
    "recognise",
    "resolve_branch",
    "save_rejected",
    "write_error_workbook",
]
