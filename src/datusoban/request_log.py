"""What the web servers log about the requests the app refuses or fails, on stderr in
every mode (the server's error log under gunicorn, the terminal under `datusoban
serve`): a refusal (4xx) as one warning naming the path, a failure (5xx) with its
traceback. Django names the path only, never the query string."""

from __future__ import annotations

import logging


class RefusalsInOneLine(logging.Filter):
    """A refusal (a 403 from PermissionDenied, a 404) is no fault of the app: its
    warning needs no traceback, which would hide the failures that do have one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            record.exc_info = None
            record.exc_text = None
        return True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_in_one_line": {"()": RefusalsInOneLine}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "filters": ["refusals_in_one_line"]}},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "WARNING", "propagate": False}},
}
