"""The one console script, ``datusoban``: Django management commands underneath.

``datusoban help`` lists every command; the README documents each one.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datusoban.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["datusoban", *args])


if __name__ == "__main__":
    main()
