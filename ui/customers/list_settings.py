"""The customer list's remembered columns, kept in the user's ``ui.ini``.

``ui.settings.Settings`` offers ``raw``/``store`` for any key; this group
declares its keys once, with types and defaults, the same way
(:class:`ui.settings.Setting`). Columns are stored by name, not position, so a
column added in a later version does not shift the user's choices.
"""

from __future__ import annotations

from ui.settings import Setting, Settings

#: Module constants, not class attributes: ``Setting`` is a descriptor for
#: ``Settings`` itself, and this group reads through ``raw``/``store``.
HIDDEN_COLUMNS = Setting("customers/hidden_columns", str, "")
COLUMN_WIDTHS = Setting("customers/column_widths", str, "")


class CustomerListSettings:

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def hidden(self) -> set[str]:
        raw = HIDDEN_COLUMNS.decode(self._settings.raw(HIDDEN_COLUMNS.key))
        return {name for name in raw.split(",") if name}

    def set_hidden(self, names: set[str]) -> None:
        self._settings.store(HIDDEN_COLUMNS.key, ",".join(sorted(names)))

    def widths(self) -> dict[str, int]:
        raw = COLUMN_WIDTHS.decode(self._settings.raw(COLUMN_WIDTHS.key))
        out: dict[str, int] = {}
        for item in raw.split(","):
            name, _, width = item.partition(":")
            # A hand-edited or damaged entry is skipped, not fatal.
            if name and width.isdigit() and 20 <= int(width) <= 2000:
                out[name] = int(width)
        return out

    def set_widths(self, widths: dict[str, int]) -> None:
        text = ",".join(f"{name}:{width}" for name, width in sorted(widths.items()))
        self._settings.store(COLUMN_WIDTHS.key, text)
