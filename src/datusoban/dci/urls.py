"""``/dci/``: the SPDCI Social Registry API's search and transaction status, synchronous
and asynchronous; a client's base URL is ``http://<host>/dci/``."""

from django.urls import path, re_path

from datusoban.dci import views

app_name = "dci"

urlpatterns = [
    path("registry/sync/search", views.search, name="search"),
    path("registry/sync/txn/status", views.txn_status, name="txn_status"),
    path("registry/search", views.search_async, name="search_async"),
    path("registry/txn/status", views.txn_status_async, name="txn_status_async"),
    path("registry/subscribe", views.subscribe, name="subscribe"),
    path("registry/unsubscribe", views.unsubscribe, name="unsubscribe"),
    # Every other address: the specification's 404, never the site's page.
    re_path(r"^(?P<rest>.*)$", views.unknown),
]
