"""System checks of the web app: its browser library must be installed (npm ci) to be served."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.core.checks import Warning, register

HTMX = "vendor/htmx.org/htmx.min.js"


@register()
def htmx_installed(app_configs, **kwargs) -> list[Warning]:
    if finders.find(HTMX):
        return []
    return [
        Warning(
            "HTMX is not installed: import pages will not update by themselves.",
            hint="Run `npm ci` in the repository root (package.json).",
            id="datusoban.W001",
        )
    ]
