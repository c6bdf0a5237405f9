"""The one console script, ``datusoban``: Django management commands underneath.

``datusoban help`` lists every command; the README documents each one. The
linkage commands (``link``, ``link-train``, ``link-eval``) run before Django
is set up: they need no database and create nothing but their output.
"""

from __future__ import annotations

import gc
import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    from datusoban.penautan.commands import COMMANDS, run

    if args and args[0] in COMMANDS:
        sys.exit(run(args[0], args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datusoban.settings")
    # Django's start-up and the command's imports create some 150,000 objects
    # that all stay; the cyclic garbage collector scanned them again and again
    # as they grew, and once more at exit: 0.15 s of CPU of every command. It
    # is paused until the command is loaded (_dispatcher).
    gc.disable()
    try:
        _dispatcher(["datusoban", *args]).execute()
    finally:
        gc.enable()  # help and --version load no command
    if args in ([], ["help"], ["--help"], ["-h"]):
        print("\n[linkage] (no database needed)")
        for name, text in COMMANDS.items():
            print(f"    {name:<12} {text}")


def _dispatcher(argv: list[str]):
    """Django's ManagementUtility for ``argv``, resuming garbage collection once the
    command is loaded."""
    from django.core.management import ManagementUtility

    class Dispatcher(ManagementUtility):
        def fetch_command(self, subcommand: str):
            command = super().fetch_command(subcommand)
            # What start-up built (models, modules, the command) lives as long as
            # the process: frozen, it is left out of every later collection, the
            # last one at exit included. Garbage among it: a few thousand objects.
            gc.freeze()
            gc.enable()
            return command

    return Dispatcher(argv)


if __name__ == "__main__":
    main()
