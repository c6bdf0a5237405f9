"""Who may import under which source, and where a source, its batches and jobs belong.

An import writes personal data into the registry, so it is authorised as every other
change is: the role's ``tulis`` (accounts/data/roles.toml) and the importer's region
against the source's. A Dinas Sosial kab/kota register (``dinsos_kabkota``) belongs to
its kab/kota; every other kind of source (Kemensos, programmes, LKS, UPTD, disaster
posts, ...) speaks for the whole province. A user imports only under a source their
region covers: a kab/kota user under their own kab/kota's sources, province-wide sources
only a province user. :func:`check_import` is the one decision, asked by the upload page
(when the job is queued, and again by the job where the source is resolved), the API
and every page that offers the upload. ``datusoban import`` on the command line is run
by someone with shell access to the server, who could write to the database directly:
it is not asked.
"""

from __future__ import annotations

from django.db.models import Q

from datusoban.accounts.scope import PROVINCE, Scope, scope_of
from datusoban.registri.models import ImportBatch, Source


class ImportNotAllowedError(Exception):
    """The user may not import, or not under this source; the message says why."""

    code = "tidak_berwenang"


def source_region(source: Source) -> str:
    """The region a source speaks for: its kab/kota code ("63.71") for a kab/kota
    Dinsos register, else the province ("63")."""
    if source.jenis == Source.Jenis.DINSOS_KABKOTA and source.wilayah_id:
        return source.wilayah_id
    return PROVINCE


def covers(wilayah: str, region: str) -> bool:
    """Whether a user of region ``wilayah`` answers for all of ``region``."""
    return wilayah == PROVINCE or region == wilayah or region.startswith(wilayah + ".")


def check_import(user, source: Source | None = None) -> Scope:
    """Raise ImportNotAllowedError unless ``user`` may import (under ``source``, when
    known); return the user's scope."""
    scope = scope_of(user)
    if scope is None:
        raise ImportNotAllowedError(
            "Akun Anda belum diberi peran dan wilayah: Anda tidak dapat mengimpor data."
        )
    if not scope.role.tulis:
        raise ImportNotAllowedError(
            f"Peran Anda ({scope.role.label}) hanya boleh membaca: mengimpor data tidak diizinkan."
        )
    if source is not None:
        region = source_region(source)
        if not covers(scope.wilayah, region):
            if region == PROVINCE:
                why = "sumber ini berlaku untuk seluruh provinsi; hanya pengguna tingkat provinsi"
            else:
                why = f"sumber ini milik wilayah {region}; hanya pengguna wilayah itu"
            raise ImportNotAllowedError(
                f"Anda tidak berwenang mengimpor dengan sumber '{source.nama}': {why} "
                "yang dapat mengimpornya."
            )
    return scope


def may_import(user, source: Source | None = None) -> bool:
    """Whether :func:`check_import` lets ``user`` import (under ``source``)."""
    try:
        check_import(user, source)
    except ImportNotAllowedError:
        return False
    return True


def sees_region(scope: Scope | None, region: str) -> bool:
    """Whether a user of ``scope`` may see the import metadata (batches, jobs, quality
    reports) of a source of ``region``: the sources of their own kab/kota, and the
    province-wide ones (whose rows they see only for their region, see quarantine.py)."""
    if scope is None:
        return False
    return scope.wilayah == PROVINCE or region == PROVINCE or covers(region, scope.wilayah)


def narrowed_to(scope: Scope, region: str) -> str | None:
    """Within a source of ``region`` that ``scope`` may see, the region its rows are to be
    narrowed to by their own region code: None when the user answers for the whole source
    (a province user; a kab/kota user and their own kab/kota's source), else theirs."""
    if scope.wilayah == PROVINCE or (region != PROVINCE and covers(scope.wilayah, region)):
        return None
    return scope.wilayah


def in_region(column: str, wilayah: str) -> Q:
    """Rows whose region code (``column``) lies in ``wilayah``."""
    return Q(**{column: wilayah}) | Q(**{f"{column}__startswith": wilayah + "."})


def _kabkota_of(wilayah: str) -> str:
    return ".".join(wilayah.split(".")[:2])


def visible_sources(user, sources=None):
    """``sources`` (default: all) narrowed to those whose metadata ``user`` may see."""
    sources = Source.objects.all() if sources is None else sources
    scope = scope_of(user)
    if scope is None:
        return sources.none()
    if scope.wilayah == PROVINCE:
        return sources
    own = Q(jenis=Source.Jenis.DINSOS_KABKOTA, wilayah_id=_kabkota_of(scope.wilayah))
    # A kab/kota register without a kab/kota cannot be made (resolve_source refuses it);
    # should one exist, it counts as province-wide, as source_region says.
    province_wide = ~Q(jenis=Source.Jenis.DINSOS_KABKOTA) | Q(wilayah__isnull=True)
    return sources.filter(own | province_wide)


def visible_batches(user, batches=None):
    """``batches`` (default: all) narrowed to those of sources ``user`` may see."""
    batches = ImportBatch.objects.all() if batches is None else batches
    return batches.filter(source__in=visible_sources(user))
