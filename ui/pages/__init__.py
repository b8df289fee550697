"""The main window's sections, one module per page."""
