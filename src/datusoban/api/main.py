"""The versioned API object; each concept's routes live in their own module."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

from datusoban.api import imports, linkage

api = NinjaAPI(
    title="Datu Soban API",
    version="1",
    description="Data Terpadu Sosial Banua — Dinas Sosial Provinsi Kalimantan Selatan.",
    urls_namespace="api-v1",
    # Session login for now; token authentication for machine clients comes
    # with the accounts and roles of the web application.
    auth=django_auth,
)
api.add_router("/impor", imports.router)
api.add_router("/penautan", linkage.router)
