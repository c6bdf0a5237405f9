"""The one console script, ``datusoban``: Django management commands underneath.

``datusoban help`` lists every command; the README documents each one. The
linkage commands (``link``, ``link-train``, ``link-eval``) run before Django
is set up: they need no database and create nothing but their output.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    from datusoban.penautan.commands import COMMANDS, run

    if args and args[0] in COMMANDS:
        sys.exit(run(args[0], args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datusoban.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["datusoban", *args])
    if args in ([], ["help"], ["--help"], ["-h"]):
        print("\n[linkage] (no database needed)")
        for name, text in COMMANDS.items():
            print(f"    {name:<12} {text}")


if __name__ == "__main__":
    main()
