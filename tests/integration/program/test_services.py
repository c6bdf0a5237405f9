"""Enrolment changes through the services: history written, refusals in Indonesian."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.program import services
from datusoban.program.models import Kepesertaan, RiwayatKepesertaan
from datusoban.refusal import RefusedError

pytestmark = pytest.mark.django_db


def _through_to_enrolled(enrolment, when=date(2024, 1, 15)):
    services.change_status(enrolment, "diverifikasi", oleh="operator", tanggal=when)
    return services.change_status(enrolment, "terdaftar", oleh="operator", tanggal=when)


def test_a_family_goes_through_the_lifecycle_and_every_change_is_in_its_history(make_household):
    family = make_household(no_kk="6371010101010001")
    enrolment = services.propose("PKH", household=family, oleh="operator", keterangan="musdes")
    assert (enrolment.status, enrolment.kode_kabkota) == ("diusulkan", family.kode_kabkota)
    enrolment = _through_to_enrolled(enrolment)
    assert enrolment.mulai == date(2024, 1, 15)
    services.change_status(
        enrolment, "ditangguhkan", oleh="pendamping", keterangan="Tidak hadir P2K2",
        tanggal=date(2024, 6, 1),
    )  # fmt: skip
    services.change_status(enrolment, "terdaftar", oleh="pendamping", tanggal=date(2024, 9, 1))
    enrolment = services.change_status(
        enrolment, "keluar", oleh="kabid", alasan="graduasi_mandiri", tanggal=date(2025, 3, 1)
    )
    assert (enrolment.status, enrolment.alasan_keluar) == ("keluar", "graduasi_mandiri")
    assert (enrolment.mulai, enrolment.selesai) == (date(2024, 1, 15), date(2025, 3, 1))
    history = list(
        RiwayatKepesertaan.objects.filter(kepesertaan=enrolment).values_list(
            "dari", "ke", "alasan", "oleh", "tanggal"
        )
    )
    assert history == [
        (None, "diusulkan", None, "operator", history[0][4]),
        ("diusulkan", "diverifikasi", None, "operator", date(2024, 1, 15)),
        ("diverifikasi", "terdaftar", None, "operator", date(2024, 1, 15)),
        ("terdaftar", "ditangguhkan", None, "pendamping", date(2024, 6, 1)),
        ("ditangguhkan", "terdaftar", None, "pendamping", date(2024, 9, 1)),
        ("terdaftar", "keluar", "graduasi_mandiri", "kabid", date(2025, 3, 1)),
    ]
    # An exit is final; after it the family may be proposed again.
    with pytest.raises(RefusedError, match="tidak dapat diubah"):
        services.change_status(enrolment, "terdaftar", oleh="operator")
    assert services.propose("PKH", household=family, oleh="operator").status == "diusulkan"


def test_a_refused_change_changes_nothing(make_household):
    enrolment = services.propose("BPNT", household=make_household(), oleh="operator")
    with pytest.raises(RefusedError, match="tidak dapat diubah dari 'Diusulkan' ke 'Terdaftar'"):
        services.change_status(enrolment, "terdaftar", oleh="operator")
    with pytest.raises(RefusedError, match="memerlukan alasan"):
        services.change_status(enrolment, "keluar", oleh="operator")
    enrolment.refresh_from_db()
    assert enrolment.status == "diusulkan"
    assert enrolment.riwayat.count() == 1


def test_an_exit_before_the_start_is_refused(make_household):
    enrolment = _through_to_enrolled(
        services.propose("PKH", household=make_household(), oleh="op"), when=date(2024, 5, 1)
    )
    with pytest.raises(RefusedError, match="sebelum tanggal mulai"):
        services.change_status(
            enrolment, "keluar", oleh="op", alasan="pindah", tanggal=date(2024, 4, 1)
        )


def test_one_open_enrolment_per_family_and_programme(make_household):
    family = make_household()
    services.propose("PKH", household=family, oleh="operator")
    with pytest.raises(RefusedError, match="masih berjalan"):
        services.propose("PKH", household=family, oleh="operator")
    services.propose("BPNT", household=family, oleh="operator")  # another programme is fine


def test_the_recipient_must_match_the_programmes_target(make_household, make_person):
    family = make_household()
    with pytest.raises(RefusedError, match="kepada perorangan"):
        services.propose("PERMAKANAN", household=family, oleh="op")
    with pytest.raises(RefusedError, match="kepada keluarga"):
        services.propose("PKH", person=make_person(family), oleh="op")
    person = make_person(family)
    enrolment = services.propose("PERMAKANAN", person=person, oleh="op")
    assert (enrolment.person_id, enrolment.household_id) == (person.pk, None)
    assert enrolment.kode_kabkota == family.kode_kabkota


def test_propose_many_writes_the_new_and_reports_the_others(make_household):
    families = [make_household() for _ in range(5)]
    services.propose("PKH", household=families[0], oleh="op")
    result = services.propose_many(
        "PKH", households=[f.pk for f in families] + [987654321], oleh="alokasi"
    )
    assert result.jumlah == 4
    assert sorted(pk for pk, _ in result.ditolak) == sorted([families[0].pk, 987654321])
    messages = dict(result.ditolak)
    assert "sudah memiliki kepesertaan PKH" in messages[families[0].pk]
    assert "tidak ada di registri" in messages[987654321]
    made = Kepesertaan.objects.filter(program_id="PKH", status="diusulkan")
    assert made.count() == 5
    assert RiwayatKepesertaan.objects.filter(kepesertaan__in=made, ke="diusulkan").count() == 5
    assert set(made.values_list("kode_kabkota", flat=True)) == {families[0].kode_kabkota}


def test_change_status_many_is_all_or_nothing(make_household):
    result = services.propose_many(
        "PKH", households=[make_household().pk for _ in range(4)], oleh="alokasi"
    )
    ids = list(Kepesertaan.objects.values_list("pk", flat=True))
    assert result.jumlah == 4
    first = services.change_status_many(ids[:1], "diverifikasi", oleh="op")
    assert first.jumlah == 1
    # One of them is already verified: verifying all of them again is refused whole.
    refused = services.change_status_many(ids, "diverifikasi", oleh="op")
    assert refused.jumlah == 0
    assert [pk for pk, _ in refused.ditolak] == ids[:1]
    assert Kepesertaan.objects.filter(status="diverifikasi").count() == 1
    services.change_status_many(ids[1:], "diverifikasi", oleh="op")
    done = services.change_status_many(ids, "terdaftar", oleh="op", tanggal=date(2025, 1, 2))
    assert done.jumlah == 4
    assert set(Kepesertaan.objects.values_list("status", "mulai")) == {
        ("terdaftar", date(2025, 1, 2))
    }
    gone = services.change_status_many(
        ids, "keluar", oleh="op", alasan="graduasi_alamiah", tanggal=date(2025, 6, 1)
    )
    assert gone.jumlah == 4
    assert RiwayatKepesertaan.objects.filter(ke="keluar", alasan="graduasi_alamiah").count() == 4


def test_bulk_changes_beyond_one_statements_parameter_limit(make_household):
    """SQLite binds at most 32,766 values per statement: 35,000 families in one call."""
    from datusoban.registri.models import Household

    desa = make_household().wilayah_id
    Household.objects.bulk_create(Household(wilayah_id=desa) for _ in range(35_000))
    ids = list(Household.objects.values_list("pk", flat=True))
    assert services.propose_many("BPNT", households=ids, oleh="alokasi").jumlah == len(ids)
    again = services.propose_many("BPNT", households=ids[:3], oleh="alokasi")
    assert (again.jumlah, len(again.ditolak)) == (0, 3)
    enrolments = list(Kepesertaan.objects.values_list("pk", flat=True))
    done = services.change_status_many(enrolments, "diverifikasi", oleh="verifikator")
    assert done.jumlah == len(ids)
    assert Kepesertaan.objects.filter(status="diverifikasi").count() == len(ids)
