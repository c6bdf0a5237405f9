"""Conformance-test mode: what a run of an outside SPDCI test suite (OpenSPP's
spdci-compliance) needs from this registry, without pretending a real person is a test
record.

The suite searches for the identifier ``UIN TEST-001``, which no NIK can be. ``seed``
(``datusoban dci-uji``) puts one synthetic person and family in a registry that holds
nothing but synthetic data, and an API token for the suite; with
``DATUSOBAN_DCI_UJI=1`` (refused in production mode) the test identifiers below find
that person, and only them. Everything else is the registry as it always is: the
suite's search is scoped, masked and audited like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from datusoban.accounts.models import Account, ApiToken
from datusoban.identity.names import name_key
from datusoban.refusal import RefusedError
from datusoban.registri.models import Household, ImportBatch, Membership, Person, Source

# A NIK of the test person: Banjarmasin Utara (63.71.01), born 1 January 2004 (under 25,
# as the suite's predicate asks), serial 9901; its family card beside it.
NIK = "6371010101049901"
NO_KK = "6371010101049900"
DESA = "63.71.01.1001"
NAME = "Uji Kesesuaian SPDCI"
BORN = date(2004, 1, 1)
# The suite's identifiers and the NIK each stands for in conformance-test mode.
IDENTIFIERS = {"TEST-001": NIK}
USERNAME = "uji-spdci"
ROLE, REGION = "analis_provinsi", "63"


def identifiers() -> dict[str, str]:
    """The test identifiers this registry answers now: none outside conformance-test
    mode."""
    return IDENTIFIERS if getattr(settings, "DCI_UJI", False) else {}


@dataclass(frozen=True)
class Seeded:
    nik: str
    username: str
    token: str


def real_data_present() -> str | None:
    """Why this database is not a test one, or None: an import from a source other than
    the synthetic generator, or production mode."""
    if settings.PRODUCTION:
        return "mode produksi"
    real = ImportBatch.objects.exclude(source__jenis=Source.Jenis.SINTETIS)
    if real.exists():
        return f"{real.count()} batch impor dari sumber nyata"
    return None


def seed(token_days: int = 7) -> Seeded:
    """The test person, their family and the suite's user with a fresh token (the person
    and the user once; a new token each time). RefusedError on a database with real
    data."""
    reason = real_data_present()
    if reason is not None:
        raise RefusedError(
            "uji_ditolak",
            f"Data uji kesesuaian hanya untuk basis data sintetis atau kosong; di sini ada "
            f"{reason}.",
            409,
        )
    with transaction.atomic():
        household, _ = Household.objects.get_or_create(no_kk=NO_KK, defaults={"wilayah_id": DESA})
        person = Person.objects.filter(nik=NIK).first()
        if person is None:
            person = Person.objects.create(
                nik=NIK, nama=NAME, nama_kunci=name_key(NAME), jenis_kelamin="L",
                tanggal_lahir=BORN, household=household, hubungan_keluarga="kepala",
            )  # fmt: skip
            Membership.objects.create(person=person, household=household, hubungan="kepala")
        user, created = get_user_model().objects.get_or_create(username=USERNAME)
        if created:
            user.set_unusable_password()  # the suite calls with its token, never logs in
            user.save()
            Account.objects.create(user=user, peran=ROLE, wilayah_id=REGION)
        _, token = ApiToken.issue(user, "uji kesesuaian SPDCI", days=token_days)
    return Seeded(NIK, USERNAME, token)
