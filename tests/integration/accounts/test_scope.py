"""One scoping function: what each user may see of persons, households and source rows."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import Account
from datusoban.accounts.scope import scoped
from datusoban.registri.models import Household, ImportBatch, Person, Source, SourceRecord

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 1)


@pytest.fixture
def registry():
    """Three families: two in Banjarmasin (two kecamatan), one in Banjarbaru."""
    source = Source.objects.create(kode="uji", nama="Uji", jenis="lainnya")
    batch = ImportBatch.objects.create(
        source=source, nama_berkas="uji.csv", sha256="x", profil="interchange", diimpor_oleh="t"
    )
    people = {}
    for key, desa, born in [
        ("bjm_utara", "63.71.01.1001", date(1980, 5, 1)),
        ("bjm_anak", "63.71.01.1001", date(2015, 5, 1)),
        ("bjm_selatan", "63.71.02.1001", None),
        ("banjarbaru", "63.72.02.1003", date(1970, 1, 1)),
    ]:
        household = Household.objects.create(wilayah_id=desa)
        person = Person.objects.create(
            nama=key, nama_kunci=key, household=household, tanggal_lahir=born
        )
        SourceRecord.objects.create(
            batch=batch, nomor_baris=len(people) + 2, record_id=key, data={}, person=person
        )
        people[key] = person
    Person.objects.create(nama="tanpa_keluarga", nama_kunci="tanpa_keluarga")
    return people


def user_with(peran: str | None, wilayah: str | None = None, **flags) -> User:
    user = User.objects.create_user(f"u{User.objects.count()}", password="x", **flags)
    if peran:
        Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    return user


def names(user, model=Person) -> set[str]:
    rows = scoped(user, model.objects.all(), as_of=AS_OF)
    if model is Person:
        return set(rows.values_list("nama", flat=True))
    if model is SourceRecord:
        return set(rows.values_list("record_id", flat=True))
    return set(rows.values_list("wilayah_id", flat=True))


def test_province_roles_see_everyone_including_people_without_a_family(registry):
    admin = user_with("admin_provinsi", "63")
    assert names(admin) == {*registry, "tanpa_keluarga"}


def test_a_kabkota_operator_sees_only_their_kabkota(registry):
    operator = user_with("operator_kabkota", "63.71")
    assert names(operator) == {"bjm_utara", "bjm_anak", "bjm_selatan"}
    assert names(operator, Household) == {"63.71.01.1001", "63.71.02.1001"}
    assert names(operator, SourceRecord) == {"bjm_utara", "bjm_anak", "bjm_selatan"}


def test_a_kecamatan_scope_is_narrower_still(registry):
    worker = user_with("pendamping", "63.71.01")
    assert names(worker) == {"bjm_utara", "bjm_anak"}
    # "63.71.01" must not match "63.71.010..." style neighbours: the dot is part of the prefix.
    assert names(worker, Household) == {"63.71.01.1001"}


def test_roles_without_childrens_data_do_not_see_children(registry):
    auditor = user_with("auditor", "63.71")
    assert names(auditor) == {"bjm_utara", "bjm_selatan"}  # unknown birth date stays visible
    assert names(auditor, SourceRecord) == {"bjm_utara", "bjm_selatan"}


def test_no_account_means_nothing_and_a_superuser_is_the_province_admin(registry):
    assert names(user_with(None)) == set()
    assert names(user_with(None, is_superuser=True)) == {*registry, "tanpa_keluarga"}
    inactive = user_with("admin_provinsi", "63", is_active=False)
    assert names(inactive) == set()


def test_anonymous_users_see_nothing(registry):
    from django.contrib.auth.models import AnonymousUser

    assert names(AnonymousUser()) == set()


def test_other_models_are_refused():
    with pytest.raises(TypeError, match="no regional scope"):
        scoped(user_with("admin_provinsi", "63"), Source.objects.all())


def test_a_desa_is_too_small_for_a_scope():
    from django.core.exceptions import ValidationError

    user = user_with(None)
    with pytest.raises(ValidationError, match="kecamatan"):
        Account(user=user, peran="pendamping", wilayah_id="63.71.01.1001").full_clean()
