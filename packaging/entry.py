"""The frozen application's entry point: ``hvdesk.exe`` / ``hvdesk`` in the bundle.

``freeze_support`` must run before anything else: a helper process that
``multiprocessing`` spawns from the bundle starts this same executable, which
must turn into the helper instead of parsing a command line.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from ui.launch import main

    sys.exit(main())
