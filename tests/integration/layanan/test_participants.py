"""Importing a session's participant list: refusals per row, and nothing half-stored."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.layanan.models import Pelatihan, PesertaPelatihan, Pilar, SesiPelatihan
from datusoban.layanan.participants import ParticipantsRefusedError, import_participants

pytestmark = pytest.mark.django_db
ENDED = date(2024, 3, 9)


@pytest.fixture
def sesi():
    course = Pelatihan.objects.create(kode="diklat-psm", nama="Diklat PSM", untuk_peran=["psm"])
    return SesiPelatihan.objects.create(
        pelatihan=course, mulai=date(2024, 3, 4), selesai=date(2024, 3, 8),
        tempat="Muara Teweh", penyelenggara="BBPPKS Banjarmasin",
    )  # fmt: skip


@pytest.fixture
def workers(make_pilar):
    make_pilar("psm", nama="Siti Rahmah", nik="6371014101800001")
    make_pilar("psm", nama="Bahrani", nik="6371010101800002")
    make_pilar("pendamping_pkh", nama="Gusti Ayu", kode_pendamping="1043")
    make_pilar("psm", nama="Lama", nik="6371010101800003", status="nonaktif")
    make_pilar("psm", "63.72.02", nama="Orang Banjarbaru", nik="6372020101800004")
    return Pilar.objects.filter(kode_kabkota="63.71")  # what a Banjarmasin user may see


def test_a_clean_list_is_stored_whole(sesi, workers):
    rows = [
        (2, {"NIK": "6371014101800001", "Nama": "SITI RAHMAH", "Hadir": "ya", "Lulus": "Ya"}),
        (3, {"NIK": None, "Kode Pendamping": "1043", "Hadir": "tidak", "Lulus": None}),
    ]  # fmt: skip
    assert import_participants(sesi, rows, workers, ENDED) == 2
    stored = {p.pilar.nama: (p.hadir, p.lulus) for p in PesertaPelatihan.objects.all()}
    assert stored == {"Siti Rahmah": (True, True), "Gusti Ayu": (False, None)}


def test_every_bad_row_is_named_and_nothing_is_stored(sesi, workers):
    PesertaPelatihan.objects.create(sesi=sesi, pilar=Pilar.objects.get(nama="Bahrani"))
    rows = [
        (2, {"nik": "6371014101800001", "nama": "Siti Rahmah", "hadir": "ya"}),  # fine
        (3, {"nik": "6371014101800001", "nama": None, "hadir": None}),  # twice in the file
        (4, {"nik": "6372020101800004", "nama": None, "hadir": None}),  # other kab/kota
        (5, {"nik": "9999999999999999", "nama": None, "hadir": None}),  # unknown
        (6, {"nik": "6371010101800003", "nama": None, "hadir": None}),  # inactive
        (7, {"nik": "6371010101800002", "nama": "Bahrani", "hadir": "mungkin"}),  # enrolled; bad
        (8, {"nik": "6371014101800001", "nama": "Aminah", "hadir": None}),  # name differs
        (9, {"nik": None, "nama": "Tanpa NIK", "hadir": None}),
    ]  # fmt: skip
    with pytest.raises(ParticipantsRefusedError) as refused:
        import_participants(sesi, rows, workers, ENDED)
    by_row: dict[int, list[str]] = {}
    for r in refused.value.refusals:
        by_row.setdefault(r.baris, []).append(r.pesan)
    assert set(by_row) == {3, 4, 5, 6, 7, 8, 9}
    assert "sudah ada di baris 2" in by_row[3][0]
    assert "tidak terdaftar sebagai pilar sosial di wilayah Anda" in by_row[4][0]
    assert "tidak terdaftar" in by_row[5][0]
    assert "nonaktif" in by_row[6][0]
    assert any("sudah terdaftar pada sesi ini" in m for m in by_row[7])
    assert any("isi 'ya' atau 'tidak'" in m for m in by_row[7])
    assert "tidak sama dengan nama terdaftar" in by_row[8][0]
    assert "kosong" in by_row[9][0]
    assert PesertaPelatihan.objects.count() == 1  # only the one enrolled before


def test_attendance_waits_for_the_end_of_the_session_and_a_header_is_needed(sesi, workers):
    rows = [(2, {"nik": "6371014101800001", "hadir": "ya", "lulus": "ya"})]
    with pytest.raises(ParticipantsRefusedError, match="1 baris ditolak") as refused:
        import_participants(sesi, rows, workers, date(2024, 3, 5))
    assert "setelah sesi selesai" in refused.value.refusals[0].pesan
    with pytest.raises(ParticipantsRefusedError) as refused:
        import_participants(sesi, [(2, {"nama": "Siti"})], workers, ENDED)
    assert refused.value.refusals[0].baris == 0 and "baris judul" in refused.value.refusals[0].pesan
    rows = [(2, {"nik": "6371014101800001", "hadir": "tidak", "lulus": "ya"})]
    with pytest.raises(ParticipantsRefusedError, match="1 baris"):
        import_participants(sesi, rows, workers, ENDED)
    assert not PesertaPelatihan.objects.exists()
