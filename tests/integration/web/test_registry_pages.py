"""Search, person and family pages: scoped (404 outside), masked per role, every view recorded."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from datusoban.accounts.models import AuditEvent
from datusoban.identity.names import name_key
from datusoban.registri.models import Person

from .people import CHILD_NIK, OTHER_NIK, RIZKY_KK, RIZKY_NIK, log_in_as

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/dasbor/", "/cari/", "/cari/?nama=rizky", "/orang/1/", "/keluarga/1/"]
)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/?next=")


def test_a_name_in_another_spelling_is_found_within_scope_only(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get("/cari/", {"nama": "MUHAMMAD RIZKI"}).content.decode()
    assert "Moh. Rizky" in page and RIZKY_NIK in page  # operators see NIKs in full
    assert "Muhammad Rizki" not in page and OTHER_NIK not in page  # Banjarbaru
    assert f"/orang/{people.rizky.pk}/" in page


def test_htmx_gets_the_results_alone_and_the_page_keeps_the_form(client, people):
    log_in_as(client, "admin_provinsi", "63")
    partial = client.get("/cari/", {"nama": "Muhammad Rizki"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert 'id="hasil-cari"' in body and "<html" not in body and 'id="form-cari"' not in body
    assert "2 orang ditemukan" in body
    full = client.get("/cari/", {"nama": "Muhammad Rizki"}).content.decode()
    assert 'id="form-cari"' in full and 'id="hasil-cari"' in full
    # Back button after HTMX's history cache expired: the whole page again.
    restored = client.get(
        "/cari/", {"nama": "Muhammad Rizki"}, HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    ).content.decode()  # fmt: skip
    assert "<html" in restored and 'id="form-cari"' in restored


def test_search_by_nik_no_kk_region_age_and_sex(client, people):
    log_in_as(client, "admin_provinsi", "63")

    def names(**params) -> set[str]:
        # The form posts, and is redirected to the search's address.
        page = client.post("/cari/", params, follow=True).content.decode()
        return {n for n in ("Moh. Rizky", "Siti Aminah", "Ahmad Fauzan", "Muhammad Rizki")
                if f">{n}</a>" in page}  # fmt: skip

    assert names(nik=CHILD_NIK) == {"Ahmad Fauzan"}
    assert names(no_kk=RIZKY_KK) == {"Moh. Rizky", "Siti Aminah", "Ahmad Fauzan"}
    assert names(kode_wilayah="63.72") == {"Muhammad Rizki"}
    assert names(kode_wilayah="63.71", umur_min=18, jenis_kelamin="P") == {"Siti Aminah"}
    assert names(kode_wilayah="63.71", umur_maks=17) == {"Ahmad Fauzan"}


def test_results_are_paginated(client, people):
    log_in_as(client, "admin_provinsi", "63")
    for _ in range(25):
        Person.objects.create(
            nama="Nur Hayati", nama_kunci=name_key("Nur Hayati"), household=people.siti.household
        )
    first = client.get("/cari/", {"nama": "Noor Hayati"}).content.decode()
    assert "25 orang ditemukan" in first and "halaman 1 dari 2" in first
    assert first.count(">Nur Hayati</a>") == 20 and "halaman=2" in first
    second = client.get("/cari/", {"nama": "Noor Hayati", "halaman": 2}).content.decode()
    assert second.count(">Nur Hayati</a>") == 5


def test_form_errors_and_an_empty_search_are_explained(client, people):
    log_in_as(client, "admin_provinsi", "63")
    page = client.post("/cari/", {"nik": "12345"}).content.decode()
    assert "Harus 16 angka" in page
    page = client.get("/cari/", {"umur_min": 40, "umur_maks": 20}).content.decode()
    assert "lebih besar" in page
    page = client.get("/cari/", {"nama": ""}).content.decode()
    assert "paling sedikit satu syarat" in page
    assert not AuditEvent.objects.exists()  # nothing was searched


def test_every_person_shown_and_a_fruitless_lookup_are_recorded(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    client.post("/cari/", {"no_kk": RIZKY_KK}, follow=True)
    searched = AuditEvent.objects.filter(aksi="cari")
    assert sorted(searched.values_list("nik", flat=True)) == sorted(
        [RIZKY_NIK, CHILD_NIK, people.siti.nik]
    )
    # Outside the scope: found nobody, still recorded.
    client.post("/cari/", {"nik": OTHER_NIK}, follow=True)
    last = AuditEvent.objects.order_by("-pk").first()
    assert last.aksi == "cari" and last.nik == OTHER_NIK and last.objek_id == ""
    assert last.nama_pengguna == "operator_kabkota.63.71"


def test_the_person_page_shows_golden_values_family_sources_and_ppks(client, people):
    log_in_as(client, "pendamping", "63.71.01")
    response = client.get(f"/orang/{people.rizky.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert RIZKY_NIK in page and RIZKY_KK in page
    assert "Kesulitan berjalan" in page  # pendamping may see health data
    assert "Siti Aminah" in page and "Ahmad Fauzan" in page  # members
    assert "Dinsos Kota Banjarmasin" in page and "ppks_bjm.csv" in page and "MOH. RIZKY" in page
    assert "KURSI RODA" in page
    assert "Penyandang Disabilitas" in page and "Fakir Miskin" in page
    # One row for the person, and one for each member of the family shown beside him.
    rows = list(AuditEvent.objects.order_by("pk"))
    assert (rows[0].aksi, rows[0].objek, rows[0].objek_id, rows[0].nik) == (
        "baca",
        "orang",
        str(people.rizky.pk),
        RIZKY_NIK,
    )
    shown = {people.rizky, people.siti, people.child}
    assert {(r.objek_id, r.nik) for r in rows} == {(str(p.pk), p.nik) for p in shown}


def test_each_golden_value_names_the_source_row_and_rule_that_chose_it(client, people):
    record = people.batch.records.get()
    people.rizky.asal_data = {
        "nama": {"rekaman": record.pk, "aturan": "sumber_terpercaya"},
        "hubungan_keluarga": {"rekaman": record.pk + 999, "aturan": "terbaru"},
    }
    people.rizky.save()
    log_in_as(client, "analis_provinsi", "63")
    page = client.get(f"/orang/{people.rizky.pk}/").content.decode()
    assert "Dinsos Kota Banjarmasin, baris 2 · sumber paling tepercaya" in page
    # A record no longer behind the person is named by its number, not hidden.
    assert f"rekaman #{record.pk + 999} · rekaman terbaru" in page
    assert page.count('class="asal"') == 2  # fields without provenance claim none


def test_person_and_family_pages_show_the_programme_history(client, people):
    from datetime import date

    from datusoban.program import services

    pkh = services.propose("PKH", household=people.rizky.household, oleh="uji")
    services.change_status(pkh, "diverifikasi", oleh="uji", tanggal=date(2024, 1, 5))
    services.change_status(pkh, "terdaftar", oleh="uji", tanggal=date(2024, 2, 1))
    services.change_status(
        pkh, "keluar", oleh="uji", alasan="graduasi_mandiri", tanggal=date(2025, 3, 1)
    )
    services.propose("ALAT_BANTU", person=people.rizky, oleh="uji")
    services.propose("ATENSI", person=people.child, oleh="uji")  # a child's: only data_anak

    log_in_as(client, "pendamping", "63.71.01")
    page = client.get(f"/orang/{people.rizky.pk}/").content.decode()
    assert "Riwayat program" in page and "Program Keluarga Harapan" in page
    assert "1 Feb 2024" in page and "graduasi mandiri" in page.lower()
    assert "Alat bantu" in page and "Asistensi" not in page  # the child's is not his
    family = client.get(f"/keluarga/{people.rizky.household_id}/").content.decode()
    assert "Program Keluarga Harapan" in family and "Asistensi" in family
    assert "Ahmad Fauzan" in family

    log_in_as(client, "auditor", "63")  # no data_anak: the child and their enrolment unseen
    family = client.get(f"/keluarga/{people.rizky.household_id}/").content.decode()
    assert "Program Keluarga Harapan" in family and "Asistensi" not in family


def test_the_family_page_records_a_row_per_member_shown(client, people):
    log_in_as(client, "auditor", "63")
    response = client.get(f"/keluarga/{people.rizky.household_id}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Moh. Rizky" in page and "Ahmad Fauzan" not in page  # auditors see no children
    assert RIZKY_KK not in page and "637101••••••••21" in page
    rows = AuditEvent.objects.filter(aksi="baca", objek="keluarga")
    assert sorted(rows.values_list("nik", flat=True)) == sorted([RIZKY_NIK, people.siti.nik])


def test_roles_without_health_data_see_neither_the_fields_nor_the_categories(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get(f"/orang/{people.rizky.pk}/").content.decode()
    assert RIZKY_NIK in page  # operators see identifiers in full
    assert "Fakir Miskin" in page
    for marker in ("Kesulitan berjalan", "Penyandang Disabilitas", "KURSI RODA"):
        assert marker not in page
    assert "(disembunyikan)" in page and "1 kategori lain" in page


def test_out_of_scope_and_unknown_records_are_not_found(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    assert client.get(f"/orang/{people.other.pk}/").status_code == 404
    assert client.get(f"/keluarga/{people.other.household_id}/").status_code == 404
    assert client.get("/orang/999999/").status_code == 404
    assert not AuditEvent.objects.exists()


def test_a_user_without_an_account_row_sees_no_one(client, people):
    client.force_login(User.objects.create_user("tamu"))
    assert client.get(f"/orang/{people.rizky.pk}/").status_code == 404
    page = client.get("/cari/", {"nama": "Moh Rizky"}).content.decode()
    assert "belum diberi peran" in page and "Moh. Rizky" not in page


def _flagged_rivals(people):
    """Rizky's own row (Dinsos Banjarmasin, clean) and a DTSEN row, more trusted, whose
    date the import flagged as an estimate and whose NIK it flagged as borrowed; his golden
    fields chosen again by survivorship from the two. Returns his own row."""
    from datusoban.penautan.golden import refresh
    from datusoban.penautan.survivorship import load_survivorship
    from datusoban.registri.models import ImportBatch, Source, SourceRecord

    own = people.batch.records.get()
    own.nama, own.tanggal_lahir = "MOH. RIZKY", date(1980, 3, 12)
    own.save()
    dtsen = ImportBatch.objects.create(
        source=Source.objects.create(kode="dtsen", nama="DTSEN Kemensos", jenis="kemensos"),
        nama_berkas="dtsen.csv", sha256="y", profil="dtsen", diimpor_oleh="uji",
        status="selesai",
    )  # fmt: skip
    SourceRecord.objects.create(
        batch=dtsen, nomor_baris=3, record_id="d3", person=people.rizky, nik=BORROWED_NIK,
        nama="MOH. RIZKY", tanggal_lahir=date(1980, 7, 1), data={"nik": BORROWED_NIK},
        peringatan=["nik_berulang", "tanggal_perkiraan"],
        tanda_mutu={"nik": ["nik_berulang"], "tanggal_lahir": ["tanggal_perkiraan"]},
    )  # fmt: skip
    refresh([people.rizky.pk], load_survivorship())
    people.rizky.refresh_from_db()
    return own


BORROWED_NIK = "6371011203809999"


def test_the_page_says_which_flagged_value_was_passed_over_and_why(client, people):
    _flagged_rivals(people)
    assert people.rizky.tanggal_lahir == date(1980, 3, 12) and people.rizky.nik == RIZKY_NIK
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get(f"/orang/{people.rizky.pk}/").content.decode()
    assert (
        "Dinsos Kota Banjarmasin, baris 2 · sumber paling tepercaya; nilai DTSEN Kemensos "
        "(baris 3) 1 Jul 1980 dilewati: tanggal perkiraan" in page
    )
    assert (
        f"nilai DTSEN Kemensos (baris 3) {BORROWED_NIK} dilewati: "
        "NIK yang sama dipakai orang lain dalam berkas" in page
    )


def test_a_passed_over_nik_is_masked_for_a_role_that_may_not_see_it(client, people):
    _flagged_rivals(people)
    log_in_as(client, "analis_provinsi", "63")
    page = client.get(f"/orang/{people.rizky.pk}/").content.decode()
    assert BORROWED_NIK not in page and RIZKY_NIK not in page
    assert "nilai DTSEN Kemensos (baris 3) 637101" in page and "99 dilewati" in page
    # The view is recorded as any other.
    assert AuditEvent.objects.filter(objek="orang", objek_id=str(people.rizky.pk)).exists()


def test_a_winner_every_source_flagged_says_so(client, people):
    own = _flagged_rivals(people)
    own.tanda_mutu = {"tanggal_lahir": ["nik_tanggal_beda"]}
    own.save()
    from datusoban.penautan.golden import refresh
    from datusoban.penautan.survivorship import load_survivorship

    refresh([people.rizky.pk], load_survivorship())
    log_in_as(client, "operator_kabkota", "63.71")
    page = client.get(f"/orang/{people.rizky.pk}/").content.decode()
    assert (
        "DTSEN Kemensos, baris 3 · sumber paling tepercaya · bertanda: tanggal perkiraan "
        "(semua nilai yang ada bertanda)" in page
    )
