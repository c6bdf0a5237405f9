"""The versioned API object; each concept's routes live in their own module."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

from datusoban.api import (
    allocation,
    cases,
    disaster,
    grievances,
    imports,
    layanan,
    linkage,
    registry,
    subject,
    targeting,
)
from datusoban.api.auth import TokenAuth

api = NinjaAPI(
    title="Datu Soban API",
    version="1",
    description="Data Terpadu Sosial Banua — Dinas Sosial Provinsi Kalimantan Selatan.",
    urls_namespace="api-v1",
    # People in a browser use their login session; other systems a bearer token.
    # The token first: the session check refuses an unsafe request without a CSRF
    # token outright, which a system sending its bearer token has no need of.
    auth=[TokenAuth(), django_auth],
)
api.add_router("/impor", imports.router)
api.add_router("/subjek", subject.router)
api.add_router("/registri", registry.router)
api.add_router("/penautan", linkage.router)
api.add_router("/kelayakan", targeting.router)
api.add_router("/alokasi", allocation.router)
api.add_router("/ketepatan", allocation.accuracy_router)
api.add_router("/peringkat", allocation.ranking_router)
api.add_router("/layanan", layanan.router)
api.add_router("/kasus", cases.router)
api.add_router("/sanggahan", grievances.router)
api.add_router("/bencana", disaster.router)
