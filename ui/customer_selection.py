"""What other sections may ask of the customer list, without importing it.

The map follows the list's filter and selection and selects what is picked on
the map; the main window hands it the list page as a :class:`CustomerSelection`,
so neither feature imports the other.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import SignalInstance

from hvdesk.services.customer_list import CustomerQuery


class CustomerSelection(Protocol):
    @property
    def sig_selection_changed(self) -> SignalInstance:
        """Emits the ids of the selected rows after every selection change."""
        ...

    def current_query(self) -> CustomerQuery:
        ...

    def selected_customer_ids(self) -> list[int]:
        ...

    def select_customers(self, ids: list[int]) -> None:
        """Select these customers' rows (looked up on a worker)."""
        ...
