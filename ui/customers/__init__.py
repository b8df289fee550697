"""The customer list: search, filters, saved filters and a paged table."""

from ui.customers.list_page import CustomerListPage

__all__ = ["CustomerListPage"]
