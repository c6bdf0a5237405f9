"""The standalone linkage commands: `datusoban link`, `link-train`, `link-eval`.

They run without the project's Django settings and without a database (cli.py
routes them here before Django starts; numbers on the terminal are written by
formatting.py with settings held in memory), and turn every LinkInputError into a one-line message
and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence

from datusoban import formatting
from datusoban.penautan.errors import LinkInputError

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1


def _runner(name: str) -> Callable[[Sequence[str]], int]:
    if name == "link":
        from datusoban.penautan.commands.link import main
    elif name == "link-train":
        from datusoban.penautan.commands.train import main
    else:
        from datusoban.penautan.commands.evaluate import main
    return main


COMMANDS = {
    "link": "link interchange CSV files: one person_id per input row",
    "link-train": "train the linkage model on interchange CSV files and write its JSON",
    "link-eval": "measure linkage against ground truth: exact, Splink tutorial, ours",
}


def run(name: str, argv: Sequence[str]) -> int:
    """Run one command; the exit status."""
    # Splink logs every training step at INFO and warns about levels a data
    # set never shows; operators need neither on their terminal.
    logging.getLogger("splink").setLevel(logging.ERROR)
    # Never the settings module DJANGO_SETTINGS_MODULE may name: it would create the
    # data directory these commands promise not to touch.
    formatting.standalone()
    try:
        return _runner(name)(argv)
    except LinkInputError as exc:
        print(f"datusoban {name}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"datusoban {name}: dihentikan", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("DATUSOBAN_DEBUG") == "1":
            raise
        print(
            f"datusoban {name}: gagal: {type(exc).__name__}: {exc} "
            "(DATUSOBAN_DEBUG=1 menampilkan rinciannya)",
            file=sys.stderr,
        )
        return EXIT_FAILED
