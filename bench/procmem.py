"""Memory of a process and its children from /proc (Linux), in MB, for the GUI benches.

No Qt and nothing of hvdesk: the bare-window anchor imports it too.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Memory figures read from /proc (kB): resident, resident anonymous (private heap),
#: resident file-backed (code, mmap of the database), shared memory.
STATUS_KEYS = ("VmRSS", "RssAnon", "RssFile", "RssShmem", "VmHWM")


def proc_memory(pid: int) -> dict[str, float]:
    """MB: /proc/PID/status and the private (clean + dirty) pages of smaps_rollup."""
    out: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in STATUS_KEYS:
                out[key] = int(value.split()[0]) / 1024
        private = 0
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("Private_Clean", "Private_Dirty"):
                private += int(value.split()[0])
            elif key == "Pss":
                out["Pss"] = int(value.split()[0]) / 1024
        out["Private"] = private / 1024
    except OSError:
        pass
    return out


def descendants(pid: int) -> list[int]:
    """Child processes (QtWebEngineProcess and its zygotes), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def renderer_memory() -> dict[str, float]:
    """The renderer processes together (MB, summed), and how many there are."""
    total: dict[str, float] = {}
    pids = descendants(os.getpid())
    for pid in pids:
        for key, value in proc_memory(pid).items():
            total[key] = total.get(key, 0.0) + value
    total["processes"] = len(pids)
    return total
