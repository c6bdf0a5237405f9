"""WSGI entry point for production servers."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from datusoban.db.serving import tune_for_web

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "datusoban.settings")
application = get_wsgi_application()
tune_for_web()

# Import every view, API schema and template tag now rather than at the first
# request, then move all these long-lived objects out of the garbage collector's
# sight: a full collection in a loaded worker otherwise scans them all, 50-200 ms
# that land on whichever request happens to trigger it.
get_resolver().url_patterns  # noqa: B018 - loads the URLconf and its modules
gc.collect()
gc.freeze()
