"""The versioned API object; each feature's routes live in its own folder (``<fitur>/api.py``)."""

from __future__ import annotations

import copy
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import re_path
from ninja import NinjaAPI, Swagger
from ninja.security import django_auth

from datusoban.api.auth import TokenAuth
from datusoban.api.errors import answered_in_json, install, unknown_address
from datusoban.api.parsing import StrictParser
from datusoban.bencana import api as bencana
from datusoban.impor import api as impor
from datusoban.kasus import api as kasus
from datusoban.layanan import api as layanan
from datusoban.penautan import api as penautan
from datusoban.registri import api as registri
from datusoban.sanggahan import api as sanggahan
from datusoban.sasaran.api import allocation, eligibility
from datusoban.subjek import api as subjek

# Shown at the top of the OpenAPI document: what every refusal looks like (api/errors.py).
DESCRIPTION = """Data Terpadu Sosial Banua — Dinas Sosial Provinsi Kalimantan Selatan.

Setiap penolakan berupa JSON `{"kode": …, "pesan": …}`: `kode` tetap (untuk program),
`pesan` dalam Bahasa Indonesia. 400: isi permintaan tidak terbaca, atau ditolak aturan
(kode milik rute itu); 401: belum masuk atau token tidak sah; 403: peran atau wilayah
tidak berhak (atau sesi browser tanpa token CSRF); 404: tidak ada atau di luar cakupan;
405: metode tidak didukung (lihat header `Allow`); 409: bertentangan dengan keadaan data;
422: permintaan tidak sesuai dokumen ini, tiap bagian yang salah di `rincian`
(permintaan yang sesuai dokumen tidak pernah mendapat 422); 500: kesalahan server,
dicatat, tanpa rincian teknis."""


class LocalSwagger(Swagger):
    """Swagger UI rendered from django-ninja's template with its static files on this
    server (settings.py adds both), though ninja is not an installed app, which is how
    ninja itself would decide between them and a CDN."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            # Browsers use their login session (django_auth): unsafe requests need the token.
            "add_csrf": True,
        }
        return render(request, self.template, context)


class DatuSobanAPI(NinjaAPI):
    """The API whose every answer is JSON: refusals in ``errors``, including those made
    outside any route (a method an address does not offer, an address no route has)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict | None = None
    ) -> dict:
        """The OpenAPI document, built once per process and prefix: it follows from the
        code alone, and building it walks every route's schemas (a few hundred
        milliseconds a request for /api/v1/openapi.json otherwise)."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        cache = self.__dict__.setdefault("_documents", {})
        if path_prefix not in cache:
            cache[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        return copy.deepcopy(cache[path_prefix])

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        routes = [answered_in_json(self, pattern) for pattern in patterns]
        return [*routes, re_path(r"", unknown_address(self))], app_name, namespace


api = DatuSobanAPI(
    title="Datu Soban API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    # People in a browser use their login session; other systems a bearer token.
    # The token first: the session check refuses an unsafe request without a CSRF
    # token outright, which a system sending its bearer token has no need of.
    auth=[TokenAuth(), django_auth],
    parser=StrictParser(),
    docs=LocalSwagger(),
)
install(api)
api.add_router("/impor", impor.router)
api.add_router("/subjek", subjek.router)
api.add_router("/registri", registri.router)
api.add_router("/penautan", penautan.router)
api.add_router("/kelayakan", eligibility.router)
api.add_router("/alokasi", allocation.router)
api.add_router("/ketepatan", allocation.accuracy_router)
api.add_router("/peringkat", allocation.ranking_router)
api.add_router("/layanan", layanan.router)
api.add_router("/kasus", kasus.router)
api.add_router("/sanggahan", sanggahan.router)
api.add_router("/bencana", bencana.router)
