"""Build the one-folder bundle (and on Windows, with --installer, the setup program).

    python packaging/build.py [--dist DIR] [--work DIR] [--installer]

Runs on Windows and Linux with the Python that has hvdesk's dependencies and
PyInstaller (``pip install ".[bundle]"``). Writes ``DIR/hvdesk/`` (default
``dist/hvdesk``): on Windows ``hvdesk.exe`` (the application, no console) and
``hvdesk-cli.exe`` (the commands); on Linux ``hvdesk``. With ``--installer``
(Windows, Inno Setup 6's ``ISCC.exe`` on PATH or in its usual folder)
``DIR/hvdesk-VERSION-setup.exe`` too. Prints the bundle's size and how long
the build took.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import assets  # noqa: E402


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def find_iscc() -> str | None:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").exists():
            return str(Path(base) / "Inno Setup 6" / "ISCC.exe")
    return None


def build(dist: Path, work: Path) -> Path:
    made = assets.make_all(work / "assets")
    env = dict(os.environ, HVDESK_BUNDLE_ASSETS=str(made[0].parent))
    # The bundle must not depend on where it was built from.
    env.pop("PYTHONPATH", None)
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(HERE / "hvdesk.spec")],
        cwd=ROOT, env=env, check=True,
    )
    return dist / "hvdesk"


def installer(dist: Path, bundle: Path, work: Path) -> Path:
    iscc = find_iscc()
    if iscc is None:
        raise SystemExit("build: Inno Setup 6 (ISCC.exe) not found; install it from jrsoftware.org")
    version = assets.package_version()
    subprocess.run(
        [iscc, f"/DAppVersion={version}", f"/DBundleDir={bundle}", f"/DOutputDir={dist}",
         f"/DIconFile={work / 'assets' / 'hvdesk.ico'}", str(HERE / "hvdesk.iss")],
        check=True,
    )
    return dist / f"hvdesk-{version}-setup.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build hvdesk's one-folder bundle.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's work folder")
    parser.add_argument("--installer", action="store_true",
                        help="also make the Windows setup program (Inno Setup 6)")
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    started = time.monotonic()
    bundle = build(dist, work)
    took = time.monotonic() - started
    print(f"bundle: {bundle} ({folder_size(bundle) / 2**20:.0f} MiB), built in {took:.0f} s")
    if args.installer:
        if sys.platform != "win32":
            raise SystemExit("build: the installer is made on Windows")
        print(f"installer: {installer(dist, bundle, work)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
