"""PySide6's import hook, without keeping the source of every module in memory.

Importing PySide6 replaces Python's ``__import__``: after each module is
imported, PySide6 (``shibokensupport.feature``) asks whether the module's
source mentions "PySide6", to know whether ``from __feature__ import
snake_case`` may apply to it. It asks with ``inspect.getsource``, which reads
the file through :mod:`linecache` and keeps every line of it there for the
life of the process: the application's ~620 modules held 22–28 MB of source
lines (issue 19; bench/app_memory.py: the sign-in dialog at 144 MB RSS, 120
without). The question asked here is the same, answered from the file's bytes,
which are not kept. hvdesk uses no ``__feature__``; the answer is still the same,
so a module that would use one behaves as before.

:func:`install` runs when this module is imported, which :mod:`ui.app` does
first, before the application's other modules load; with a PySide6 whose hook
looks different it changes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

#: The module PySide6 keeps the hook's check in (seen in 6.11.3 and 6.12.0).
FEATURE_MODULE = "shibokensupport.feature"
CHECK = "_mod_uses_pyside"


def uses_pyside(module: ModuleType) -> bool:
    """Whether the module's source file mentions PySide6 (PySide6's own question)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        # Compiled or built-in modules have no source; inspect.getsource raised
        # OSError or TypeError for them and PySide6 answered False.
        return False
    try:
        return b"PySide6" in Path(path).read_bytes()
    except OSError:
        return False


def install() -> bool:
    """Replace PySide6's check with :func:`uses_pyside`; whether it was replaced."""
    import PySide6.QtCore  # noqa: F401, PLC0415 - the hook (and its module) come with it

    feature = sys.modules.get(FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, CHECK, None)):
        return False
    setattr(feature, CHECK, uses_pyside)
    return True


#: Whether PySide6's check was replaced (on import, see the module's docstring).
INSTALLED = install()
