"""How the map's QtWebEngine starts: Chromium's flags, set before it first loads.

The map is tiles, outlines and one canvas of counts; Chromium composites it in
software as fast as with the graphics card here (bench/map_build.py), while its
GPU thread, which QtWebEngine runs in the application's process, loads the
OpenGL stack beside it: a blank web view grew the process by 164 MB RSS with it
and 104 MB without (98 and 38 MB private; issue 19). So the application starts
Chromium with ``--disable-gpu``, unless the desk sets ``HVDESK_MAP_GPU=1`` or
already passes GPU flags of its own in ``QTWEBENGINE_CHROMIUM_FLAGS``.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

#: QtWebEngine reads Chromium's command line from this variable when it starts.
FLAGS_VARIABLE = "QTWEBENGINE_CHROMIUM_FLAGS"
#: ``1``: let Chromium use the graphics card.
GPU_VARIABLE = "HVDESK_MAP_GPU"
SOFTWARE = "--disable-gpu"


def chromium_flags(env: MutableMapping[str, str]) -> str | None:
    """The flags QtWebEngine should start with, or None to leave them as they are."""
    given = env.get(FLAGS_VARIABLE, "")
    if env.get(GPU_VARIABLE, "").strip() == "1" or "gpu" in given:
        return None
    return f"{given} {SOFTWARE}".strip()


def configure(env: MutableMapping[str, str] | None = None) -> None:
    """Set the flags in the environment (before QtWebEngine loads; later it is too late)."""
    target = os.environ if env is None else env
    flags = chromium_flags(target)
    if flags is not None:
        target[FLAGS_VARIABLE] = flags
