"""The PySide6 desktop shell of hvdesk: windows, views, Qt models and dialogs.

Only this package (and ``reports``) may import Qt; the core in ``hvdesk`` never does.
"""
