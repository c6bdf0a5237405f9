"""Logging out: the session ends (Django's view) and the browser is told to wipe what this
site keeps on the device (``Clear-Site-Data``), from whichever page the user logs out.

The field app (/lapangan/) keeps the worker's downloaded households in the browser's
storage; its own logout button wipes them, but a logout from any other page of the site
must too, or the next person at the phone or the office computer finds them.

``"storage"`` removes the site's IndexedDB, local storage, Cache Storage and service
worker: the households and the app's offline shell alike. ``"cache"`` also empties the
HTTP and back/forward caches, which may still hold office pages viewed (a person's page
that the Back button would show after logout on a shared computer). Neither costs the next
login its offline app: a login needs the server, and the app's page, opened then, installs
its service worker and caches its shell again before the worker goes offline. Not
``"cookies"``: the session cookie is already ended, and the directive would reach the
cookies of the whole registrable domain (other sites under it), not only this one.

Visits not yet sent are wiped as well: logging out is the worker's choice to leave the
device clean (the app's own button asks first when some wait). A session that merely
expired wipes nothing: the app keeps unsent visits and asks to log in again to send them.
"""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse

CLEAR_SITE_DATA = '"cache", "storage"'


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response
