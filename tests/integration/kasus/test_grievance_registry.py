"""A proven grievance that changes the registry itself: the person marked deceased or moved
(status and date) in the transaction of the outcome, the before and after on the grievance,
an audit row with the NIK, the headline counts moved with it; refused — and nothing of the
outcome saved — without a date, with a date after the outcome, without a person, twice,
or for a person outside the verifier's scope."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.accounts.models import AuditEvent
from datusoban.refusal import RefusedError
from datusoban.registri.models import KabKotaSummary, Person
from datusoban.registri.stats import live_counts, refresh_counts
from datusoban.sanggahan.actions import NewGrievance, receive, verify
from datusoban.sanggahan.models import Sanggahan

from .conftest import BJB_DESA, BJM_DESA

pytestmark = pytest.mark.django_db
RECEIVED = date(2026, 3, 2)
DIED = date(2026, 2, 20)


@pytest.fixture
def operator(user_of):
    return user_of("operator_kabkota", "63.71")


@pytest.fixture
def person(make_person):
    found = make_person("6371011203800001")
    found.tanggal_lahir = date(1950, 5, 1)
    found.save()
    refresh_counts()  # as a load leaves the registry: its headline counts made
    return found


def _wrong_data(user, person, wilayah=BJM_DESA) -> Sanggahan:
    new = NewGrievance(kategori="data_salah", uraian="Beliau sudah wafat bulan lalu",
                       wilayah=wilayah, person_id=person.pk if person else None,
                       diterima=RECEIVED)  # fmt: skip
    return receive(user, new)


def _summary() -> dict:
    return {s.kode: (s.keluarga, s.orang, s.ppks) for s in KabKotaSummary.objects.all()}


def _refused(code: str, *args, **kwargs) -> None:
    with pytest.raises(RefusedError) as refused:
        verify(*args, **kwargs)
    assert refused.value.kode == code, str(refused.value)


def test_a_person_marked_deceased_with_the_outcome(operator, person):
    before = _summary()
    grievance = _wrong_data(operator, person)
    verify(operator, grievance.pk, hasil="terbukti", tindak_lanjut="meninggal",
           catatan="Surat kematian dari desa", tanggal=RECEIVED, tanggal_status=DIED)  # fmt: skip
    person.refresh_from_db()
    assert (person.status, person.tanggal_status) == ("meninggal", DIED)
    grievance.refresh_from_db()
    assert grievance.perubahan_registri == {
        "orang": person.pk,
        "sebelum": {"status": "hidup", "tanggal_status": None},
        "sesudah": {"status": "meninggal", "tanggal_status": "2026-02-20"},
    }
    audit = AuditEvent.objects.get(objek="orang", objek_id=str(person.pk))
    assert (audit.aksi, audit.nik, audit.nama_pengguna) == ("ubah", person.nik, operator.username)
    assert audit.rincian["sanggahan"] == grievance.pk
    # The living are counted: one fewer in Banjarmasin, and the summary still equals a recount.
    assert _summary()["63.71"][1] == before["63.71"][1] - 1
    assert _summary() == live_counts()


def test_moved_then_deceased_but_not_twice(operator, person):
    verify(operator, _wrong_data(operator, person).pk, hasil="terbukti", tindak_lanjut="pindah",
           tanggal=RECEIVED, tanggal_status=date(2026, 1, 5))  # fmt: skip
    assert Person.objects.get(pk=person.pk).status == "pindah"
    second = _wrong_data(operator, person)
    _refused("status_sama", operator, second.pk, hasil="terbukti", tindak_lanjut="pindah",
             tanggal=RECEIVED, tanggal_status=DIED)  # fmt: skip
    verify(operator, second.pk, hasil="terbukti", tindak_lanjut="meninggal", tanggal=RECEIVED,
           tanggal_status=DIED)  # fmt: skip
    third = _wrong_data(operator, person)
    _refused("sudah_meninggal", operator, third.pk, hasil="terbukti", tindak_lanjut="pindah",
             tanggal=RECEIVED, tanggal_status=DIED)  # fmt: skip


def test_refused_and_nothing_saved(operator, person, user_of, make_person):
    grievance = _wrong_data(operator, person)
    outcome = {"hasil": "terbukti", "tindak_lanjut": "meninggal", "tanggal": RECEIVED}
    _refused("perlu_tanggal", operator, grievance.pk, **outcome)
    _refused("tanggal_status", operator, grievance.pk, tanggal_status=date(2026, 3, 9), **outcome)
    _refused("tanggal_status", operator, grievance.pk, tanggal_status=date(1940, 1, 1), **outcome)
    _refused("tindak_lanjut", operator, grievance.pk, hasil="tidak_terbukti",
             tindak_lanjut="meninggal", tanggal_status=DIED)  # fmt: skip
    _refused("peran_ditolak", user_of("pendamping", "63.71"), grievance.pk,
             tanggal_status=DIED, **outcome)  # fmt: skip
    _refused("tidak_ditemukan", user_of("operator_kabkota", "63.72"), grievance.pk,
             tanggal_status=DIED, **outcome)  # fmt: skip
    nobody = _wrong_data(operator, None)
    _refused("perlu_orang", operator, nobody.pk, tanggal_status=DIED, **outcome)
    # Received by the province about a Banjarbaru person, in a Banjarmasin desa: the
    # Banjarmasin operator may verify the grievance but not change that person.
    far = make_person("6372021203800002", desa=BJB_DESA, nama="Orang Banjarbaru")
    elsewhere = _wrong_data(user_of("admin_provinsi", "63"), far)
    _refused("orang_tidak_ditemukan", operator, elsewhere.pk, tanggal_status=DIED, **outcome)
    assert set(Person.objects.values_list("status", flat=True)) == {"hidup"}
    assert set(Sanggahan.objects.values_list("status", flat=True)) == {"diterima"}
    assert not AuditEvent.objects.filter(objek="orang").exists()
