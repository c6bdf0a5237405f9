"""Admitting clients and residents: capacity, order of steps, and staff reaching their own."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.layanan import lembaga, panti, staff
from datusoban.refusal import RefusedError

pytestmark = pytest.mark.django_db


def test_a_full_lks_refuses_one_more_client_until_a_place_frees(make_lembaga, make_person):
    lks = make_lembaga(kapasitas=2, nama="LKS Harapan")
    first, second, third = (make_person(nama=n) for n in ("Aminah", "Rusdi", "Salmah"))
    lembaga.admit_client(lks, first, "terapi", date(2024, 1, 1))
    kept = lembaga.admit_client(lks, second, "terapi", date(2024, 1, 1))
    with pytest.raises(RefusedError, match="LKS Harapan penuh: 2 dari kapasitas 2") as refused:
        lembaga.admit_client(lks, third, "terapi", date(2024, 2, 1))
    assert refused.value.field is None
    with pytest.raises(RefusedError, match="sebelum tanggal mulai") as refused:
        lembaga.end_client(kept, date(2023, 12, 31), "terpenuhi")
    assert refused.value.field == "selesai"
    with pytest.raises(RefusedError, match="tidak dikenal"):
        lembaga.end_client(kept, date(2024, 3, 1), "bosan")
    lembaga.end_client(kept, date(2024, 3, 1), "dirujuk")
    kept.refresh_from_db()
    assert (kept.selesai, kept.alasan_selesai) == (date(2024, 3, 1), "dirujuk")
    assert lembaga.admit_client(lks, third, "terapi", date(2024, 3, 2)).pk
    # No capacity recorded: no limit.
    open_ended = make_lembaga(kapasitas=None)
    for person in (first, second, third):
        lembaga.admit_client(open_ended, person, "terapi", date(2024, 1, 1))


def test_a_full_or_closed_uptd_refuses_a_resident(make_lembaga, make_person):
    uptd = make_lembaga("uptd", "63.72.02", kapasitas=1, nama="UPTD Budi Luhur")
    one, two = make_person(nama="Aminah"), make_person(nama="Rusdi")
    stay = panti.admit(uptd, one, date(2024, 1, 1))
    with pytest.raises(RefusedError, match="penuh: 1 dari kapasitas 1"):
        panti.admit(uptd, two, date(2024, 1, 2))
    with pytest.raises(RefusedError, match="masih tercatat") as refused:
        panti.admit(make_lembaga("uptd", "63.72.02"), one, date(2024, 1, 2))
    assert refused.value.field == "person"
    with pytest.raises(RefusedError, match="sebelum warga masuk") as refused:
        panti.record_service(stay, "terapi", date(2023, 12, 1), "staf")
    assert refused.value.field == "tanggal"
    panti.record_service(stay, "pelatihan_vokasional_kewirausahaan", date(2024, 2, 1), "staf",
                         "Menjahit")  # fmt: skip
    panti.discharge(stay, date(2024, 3, 1), "selesai")
    assert panti.admit(uptd, two, date(2024, 3, 2)).pk
    closed = make_lembaga("uptd", "63.72.02", status="nonaktif", nama="UPTD Lama")
    with pytest.raises(RefusedError, match="UPTD Lama tidak aktif"):
        panti.admit(closed, one, date(2024, 4, 1))


def test_staff_reach_the_people_of_their_own_institutions_only(
    make_lembaga, make_person, make_user
):
    from datusoban.layanan.models import Lembaga, StafLembaga

    a, b = make_lembaga(nama="LKS A"), make_lembaga(nama="LKS B")
    uptd = make_lembaga("uptd", "63.72.02")
    x, y = make_person(nama="Aminah"), make_person(nama="Rusdi")
    in_a = lembaga.admit_client(a, x, "terapi", date(2024, 1, 1))
    lembaga.admit_client(b, y, "terapi", date(2024, 1, 1))
    resident = panti.admit(uptd, y, date(2024, 1, 1))
    worker = make_user("staf.lks.a", "staf_layanan", "63")
    operator = make_user("operator", "operator_kabkota", "63.71")
    assert staff.is_staff(worker) and not staff.is_staff(operator)
    assert list(staff.clients(worker)) == []  # linked to none: reaches none
    StafLembaga.objects.create(user=worker, lembaga=a)
    assert list(staff.clients(worker)) == [in_a]
    assert list(staff.residents(worker)) == []
    assert list(staff.own_institutions(worker, Lembaga.objects.all())) == [a]
    assert staff.clients(operator).count() == 2 and staff.residents(operator).count() == 1
    StafLembaga.objects.create(user=worker, lembaga=uptd)
    assert list(staff.residents(worker)) == [resident]
