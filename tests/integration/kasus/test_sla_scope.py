"""SLA limits and the overdue list at fixed times; who sees which case; photos checked by
their bytes and kept out of the static files."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from datusoban.kasus import sla
from datusoban.kasus.access import cases_for
from datusoban.kasus.models import BerkasKasus, LaporanKasus
from datusoban.kasus.services import NewCase, file_report, take_step
from datusoban.refusal import RefusedError

from .conftest import BJB_DESA, BJM_DESA, NOW

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize(
    ("urgensi", "hours"), [("darurat", 24), ("tinggi", 72), ("sedang", 168), ("rendah", 336)]
)
def test_overdue_exactly_after_the_sla_of_its_urgency(file_case, urgensi, hours):
    case = file_case(urgensi=urgensi)
    everything = LaporanKasus.objects.all()
    limit = NOW + timedelta(hours=hours)
    assert list(sla.overdue_cases(everything, limit)) == []
    assert list(sla.overdue_cases(everything, limit + timedelta(seconds=1))) == [case]


def test_handled_or_referred_cases_leave_the_overdue_list(file_case, user_of):
    operator = user_of("operator_kabkota", "63.71")
    late, handled, on_time = (file_case(urgensi="darurat") for _ in range(3))
    for case, hours in ((handled, 30), (on_time, 20)):
        for step in ("verifikasi", "asesmen", "tangani"):
            take_step(operator, case.pk, step, "ok", now=NOW + timedelta(hours=hours))
    later = NOW + timedelta(days=2)
    assert list(sla.overdue_cases(LaporanKasus.objects.all(), later)) == [late]
    [row] = sla.case_summary(LaporanKasus.objects.all(), later)
    assert (row["jumlah"], row["terlambat"], row["ditangani"], row["tepat_waktu"]) == (3, 1, 2, 1)
    assert row["kepatuhan_sla"] == 50.0


def test_scope_region_and_own_reports(file_case, user_of):
    pendamping_a = user_of("pendamping", "63.71", "pendamping.a")
    pendamping_b = user_of("pendamping", "63.71", "pendamping.b")
    mine = file_case(pendamping_a)
    theirs = file_case(pendamping_b)
    elsewhere = file_case(user_of("operator_kabkota", "63.72"), desa=BJB_DESA)
    assert set(cases_for(pendamping_a)) == {mine}
    assert set(cases_for(user_of("operator_kabkota", "63.71"))) == {mine, theirs}
    assert set(cases_for(user_of("operator_kabkota", "63.72", "op.bjb"))) == {elsewhere}
    assert set(cases_for(user_of("admin_provinsi", "63"))) == {mine, theirs, elsewhere}
    # Seeing is acting: another field worker's case is not found, so cannot be moved.
    with pytest.raises(RefusedError) as refused:
        take_step(pendamping_a, theirs.pk, "asesmen", "catatan")
    assert refused.value.kode == "tidak_ditemukan"


def test_a_report_outside_the_users_region_is_refused(user_of):
    with pytest.raises(RefusedError) as refused:
        file_report(
            user_of("pendamping", "63.71"),
            NewCase(kategori=24, desa=BJB_DESA, uraian="x", urgensi="sedang"),
        )
    assert refused.value.kode == "di_luar_cakupan"


def test_specific_categories_only_for_roles_seeing_children_and_health(file_case, user_of):
    child_case = file_case(kategori=2)  # Anak Terlantar: specific personal data
    assert list(cases_for(user_of("analis_provinsi", "63"))) == []
    assert list(cases_for(user_of("operator_kabkota", "63.71", "op2"))) == []  # no health data
    assert list(cases_for(user_of("admin_provinsi", "63"))) == [child_case]


def test_photos_checked_by_their_bytes_and_stored_in_the_data_directory(user_of, home):
    user = user_of("pendamping", "63.71")
    fake = SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>")
    new = NewCase(kategori=24, desa=BJM_DESA, uraian="Rumah roboh", urgensi="tinggi")
    with pytest.raises(RefusedError) as refused:
        file_report(user, new, [fake])
    assert refused.value.kode == "jenis_berkas"
    assert not LaporanKasus.objects.exists()
    case = file_report(user, new, [SimpleUploadedFile("rumah.png", PNG)])
    stored = BerkasKasus.objects.get(kasus=case)
    assert (stored.jenis, stored.nama_berkas, stored.ukuran) == ("png", "rumah.png", len(PNG))
    assert (home / "berkas" / stored.jalur).read_bytes() == PNG
