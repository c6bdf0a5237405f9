"""Training, LKS clients and UPTD residents: each step allowed only in its order."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.layanan import lembaga, panti, training
from datusoban.layanan.models import Pelatihan, SesiPelatihan, WargaBinaan
from datusoban.refusal import RefusedError
from datusoban.registri.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def sesi():
    course = Pelatihan.objects.create(kode="bimtek-tksk", nama="Bimtek TKSK", untuk_peran=["tksk"])
    return SesiPelatihan.objects.create(
        pelatihan=course, mulai=date(2024, 3, 4), selesai=date(2024, 3, 8),
        tempat="BBPPKS Banjarmasin", penyelenggara="BBPPKS Banjarmasin",
    )  # fmt: skip


def test_a_certificate_follows_attendance_and_a_pass_and_lapses_after_its_years(sesi, make_pilar):
    tksk = make_pilar("tksk")
    peserta = training.enrol(sesi, tksk)
    with pytest.raises(RefusedError, match="sudah terdaftar"):
        training.enrol(sesi, tksk)
    with pytest.raises(RefusedError, match="setelah sesi selesai"):
        training.record_result(peserta, hadir=True, lulus=True, on=date(2024, 3, 5))
    with pytest.raises(RefusedError, match="tidak hadir"):
        training.record_result(peserta, hadir=False, lulus=True, on=date(2024, 3, 9))
    with pytest.raises(RefusedError, match="hadir dan lulus"):
        training.certify(peserta, on=date(2024, 3, 9))
    training.record_result(peserta, hadir=True, lulus=True, on=date(2024, 3, 9))
    cert = training.certify(peserta, on=date(2024, 3, 9))
    assert cert.berlaku_sampai == date(2027, 3, 9)  # policy: 3 years
    assert cert.berlaku(date(2027, 3, 9)) and not cert.berlaku(date(2027, 3, 10))
    with pytest.raises(RefusedError, match="sudah bersertifikat"):
        training.certify(peserta, on=date(2024, 3, 10))
    training.revoke(cert, date(2025, 1, 1))
    assert not cert.berlaku(date(2025, 1, 1)) and cert.berlaku(date(2024, 12, 31))


def test_due_for_training_lists_the_uncertified_and_the_soon_to_lapse(sesi, make_pilar):
    from datusoban.layanan.models import Pilar

    later = SesiPelatihan.objects.create(
        pelatihan=sesi.pelatihan, mulai=date(2026, 1, 5), selesai=date(2026, 1, 9),
        tempat="Muara Teweh", penyelenggara="BBPPKS Banjarmasin",
    )  # fmt: skip
    make_pilar("tksk", nama="Ahmad")  # never trained
    lapsing, fine = make_pilar("tksk", nama="Budi"), make_pilar("tksk", nama="Citra")
    make_pilar("penyuluh", nama="Dewi")  # a role without a certificate duty
    make_pilar("tksk", nama="Eko", status="nonaktif")
    for who, run in ((lapsing, sesi), (fine, later)):
        p = training.enrol(run, who)
        training.record_result(p, hadir=True, lulus=True, on=run.selesai)
        training.certify(p, on=run.selesai)

    def due(on: date) -> dict:
        return {d.pilar.nama: d for d in training.due_for_training(Pilar.objects.all(), on)}

    # Budi's certificate ends 2027-03-08, within 90 days; Citra's in 2029.
    soon = due(date(2027, 1, 10))
    assert set(soon) == {"Ahmad", "Budi"}
    assert soon["Ahmad"].alasan == "Belum bersertifikat"
    assert soon["Budi"].berlaku_sampai == date(2027, 3, 8)
    assert set(due(date(2025, 1, 1))) == {"Ahmad", "Citra"}  # Citra not yet trained
    assert set(due(date(2024, 1, 1))) == {"Ahmad", "Budi", "Citra"}


def test_discharge_then_follow_up_and_the_kemandirian_counts(make_lembaga, make_person):
    uptd = make_lembaga("uptd", "63.72.02", nama="UPTD Budi Sejahtera")
    a, b, c = (make_person(nama=n) for n in ("Asmah", "Bahrani", "Cahyadi"))
    wa = panti.admit(uptd, a, date(2023, 1, 5))
    with pytest.raises(RefusedError, match="masih tercatat"):
        panti.admit(uptd, a, date(2023, 2, 1))
    with pytest.raises(RefusedError, match="bukan komponen ATENSI"):
        panti.record_service(wa, "pijat", date(2023, 2, 1), "staf")
    panti.record_service(wa, "terapi", date(2023, 2, 1), "staf")
    with pytest.raises(RefusedError, match="setelah warga keluar"):
        panti.follow_up(wa, date(2023, 9, 1), "mandiri", "staf")
    with pytest.raises(RefusedError, match="sebelum tanggal masuk"):
        panti.discharge(wa, date(2022, 12, 1), "selesai")
    panti.discharge(wa, date(2023, 7, 1), "selesai")
    with pytest.raises(RefusedError, match="sudah keluar"):
        panti.discharge(wa, date(2023, 7, 2), "selesai")
    with pytest.raises(RefusedError, match="sebelum tanggal keluar"):
        panti.follow_up(wa, date(2023, 6, 1), "mandiri", "staf")
    panti.follow_up(wa, date(2023, 10, 1), "belum", "staf")
    panti.follow_up(wa, date(2024, 4, 1), "mandiri", "staf")  # the last visit counts
    wb = panti.admit(uptd, b, date(2023, 1, 5))
    panti.discharge(wb, date(2023, 8, 1), "kembali_keluarga")
    panti.follow_up(wb, date(2023, 11, 1), "belum", "staf")
    wc = panti.admit(uptd, c, date(2023, 1, 5))
    panti.discharge(wc, date(2023, 9, 1), "dirujuk")
    with pytest.raises(RefusedError, match="kembali ke masyarakat"):
        panti.follow_up(wc, date(2023, 12, 1), "mandiri", "staf")
    rows = panti.kemandirian(WargaBinaan.objects.all(), as_of=date(2024, 6, 30)).to_dicts()
    assert rows == [
        {"kode_kabkota": "63.72", "tahun": 2023, "dipulangkan": 2, "mandiri": 1, "belum": 1,
         "menunggu": 0, "persen": 50.0}
    ]  # fmt: skip
    # Before the visits: both wait; the one discharged earlier is due for a visit first.
    assert panti.kemandirian(WargaBinaan.objects.all(), as_of=date(2023, 9, 2)).row(0)[5] == 2
    due = panti.follow_up_due(WargaBinaan.objects.filter(kunjungan__isnull=True), date(2024, 1, 1))
    assert list(due) == []


def test_lks_clients_occupancy_and_overlap(make_lembaga, make_person):
    from datusoban.layanan.models import KlienLembaga, Lembaga

    one, two = make_lembaga(kapasitas=2), make_lembaga(kapasitas=4)
    kt = make_lembaga("karang_taruna")
    person, other = make_person(), make_person(nama="Rusdi")
    with pytest.raises(RefusedError, match="dicatat pada LKS"):
        lembaga.admit_client(kt, person, "terapi", date(2024, 1, 1))
    lembaga.admit_client(one, person, "terapi", date(2024, 1, 1))
    with pytest.raises(RefusedError, match="sudah menjadi klien"):
        lembaga.admit_client(one, person, "terapi", date(2024, 2, 1))
    lembaga.admit_client(two, person, "terapi", date(2024, 1, 1))
    lembaga.admit_client(two, person, "dukungan_keluarga", date(2024, 1, 1))
    ended = lembaga.admit_client(one, other, "terapi", date(2024, 1, 1))
    lembaga.end_client(ended, date(2024, 5, 1), "terpenuhi")
    with pytest.raises(RefusedError, match="sudah berakhir"):
        lembaga.end_client(ended, date(2024, 6, 1), "terpenuhi")
    found = lembaga.overlaps(KlienLembaga.objects.all())
    assert [(o.person_id, o.kebutuhan, o.lembaga) for o in found] == [
        (person.pk, "terapi", (one.kode, two.kode))
    ]
    filled = dict(lembaga.with_occupancy(Lembaga.objects.all()).values_list("pk", "terisi"))
    assert filled[one.pk] == 1 and filled[two.pk] == 2
    assert lembaga.occupancy_percent(1, 2) == 50.0 and lembaga.occupancy_percent(1, None) is None
    assert Person.objects.count() == 2
