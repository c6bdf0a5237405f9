"""Deaths applied by the system: only where the person's kab/kota switched it on, only when
the match is certain (the NIK of exactly one living person, the same name by the name key,
a plausible date, no enrolment a programme would refuse to end); recorded as applied by
the system and audited. Everything else waits for an officer, unchanged.

And a linkage merge: the proposals pointing to the person merged away follow the person
kept, and go back when the merge is undone."""

from __future__ import annotations

from datetime import date

import pytest

from datusoban.accounts.models import AuditEvent
from datusoban.crvs import automatic
from datusoban.crvs.intake import terima_kematian
from datusoban.crvs.messages import record
from datusoban.crvs.models import UsulanKelahiran, UsulanKematian
from datusoban.program.models import Kepesertaan
from datusoban.registri.models import KabKotaSummary, Person
from datusoban.registri.stats import live_counts, refresh_counts

from .crvs_server import orang

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)
SITI, HASAN, INAH, UDIN, ROSNA, IDAH = (
    "6371014506500001", "6371010101450002", "6371014107400003", "6371010505550004",
    "6372014506500005", "6371014101700006",
)  # fmt: skip


def _death(nik: str, nama: str, wafat: str = "2026-03-01", lahir: str = "1950-06-05"):
    raw = orang(nik, nama, lahir, region="63.71", wafat=wafat, akta=f"KM-{nik}-{wafat}")
    return record(raw, "reg_records[0]")


@pytest.fixture
def people(make_person):
    made = {
        SITI: make_person(SITI, nama="Hj. Siti Aminah", tanggal_lahir=date(1950, 6, 5)),
        HASAN: make_person(HASAN, nama="Hasan Basri", tanggal_lahir=date(1945, 1, 1)),
        INAH: make_person(INAH, nama="Inah", tanggal_lahir=date(1940, 7, 1)),
        UDIN: make_person(UDIN, nama="Udin Saprudin", tanggal_lahir=date(1955, 5, 5)),
        ROSNA: make_person(
            ROSNA, nama="Rosna", desa="63.72.02.1003", tanggal_lahir=date(1950, 6, 5)
        ),
        IDAH: make_person(IDAH, nama="Idah", tanggal_lahir=date(1970, 1, 1)),
    }
    Kepesertaan.objects.create(program_id="PERMAKANAN", person=made[SITI], status="terdaftar",
                               mulai=date(2025, 1, 1), kode_kabkota="63.71")  # fmt: skip
    # Enrolled after the death the civil registry will report: a programme refuses to end it.
    Kepesertaan.objects.create(program_id="PERMAKANAN", person=made[IDAH], status="terdaftar",
                               mulai=date(2026, 3, 5), kode_kabkota="63.71")  # fmt: skip
    refresh_counts()
    return made


def _received():
    return terima_kematian([
        _death(SITI, "Siti Aminah"),  # the same name once titles are folded
        _death(HASAN, "Abdul Hamid"),  # another name
        _death(INAH, "Inah", wafat="1939-01-01"),  # before she was born
        _death(UDIN, "Udin Saprudin", wafat="2026-04-01"),  # after today
        _death(ROSNA, "Rosna"),  # Kota Banjarbaru: its switch is off
        _death(IDAH, "Idah"),
    ], oleh="dukcapil", today=TODAY)  # fmt: skip


def test_off_by_default_everything_waits(people):
    result = _received()
    assert (len(result.baru), result.otomatis) == (6, 0)
    assert set(UsulanKematian.objects.values_list("status", flat=True)) == {"menunggu"}
    assert not Person.objects.filter(status="meninggal").exists()


def test_where_switched_on_the_certain_death_is_applied_by_the_system(
    people, django_capture_on_commit_callbacks
):
    from datusoban.registri.events import registry_changed

    told = []

    def listen(sender, kind, persons, **kwargs):
        told.append((kind, persons))

    automatic.switch("63.71", True, "operator.bjm")
    before = live_counts()
    registry_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = _received()
    finally:
        registry_changed.disconnect(listen)
    # Announced to subscribers as every death is, once the change commits.
    assert told == [("death", [people[SITI].pk])]
    assert result.otomatis == 1
    states = dict(UsulanKematian.objects.values_list("nik", "status"))
    assert states == {SITI: "diterapkan", HASAN: "menunggu", INAH: "menunggu",
                      UDIN: "menunggu", ROSNA: "menunggu", IDAH: "menunggu"}  # fmt: skip
    siti = Person.objects.get(nik=SITI)
    assert (siti.status, siti.tanggal_status) == ("meninggal", date(2026, 3, 1))
    usulan = UsulanKematian.objects.get(nik=SITI)
    assert (usulan.otomatis, usulan.diputuskan_oleh) == (True, "sistem")
    enrolment = Kepesertaan.objects.get(person=siti)
    assert (enrolment.status, enrolment.alasan_keluar, enrolment.selesai) == (
        "keluar", "meninggal", date(2026, 3, 1)
    )  # fmt: skip
    assert usulan.perubahan["kepesertaan_diakhiri"] == [enrolment.pk]
    audit = AuditEvent.objects.get(objek="orang")
    assert (audit.nik, audit.nama_pengguna, audit.objek_id) == (SITI, "sistem", str(siti.pk))
    # Idah's programme refused: she stays alive and enrolled, her proposal waits.
    assert Person.objects.get(nik=IDAH).status == "hidup"
    assert Kepesertaan.objects.get(person__nik=IDAH).status == "terdaftar"
    after = {s.kode: (s.keluarga, s.orang, s.ppks) for s in KabKotaSummary.objects.all()}
    assert after == live_counts()
    assert after["63.71"][1] == before["63.71"][1] - 1
    # Switched off again: the next certain death waits.
    # Two deaths of one person (two registrations): neither applied, both wait.
    twice = terima_kematian([_death(HASAN, "Hasan Basri", wafat="2026-03-02"),
                             _death(HASAN, "Hasan Basri", wafat="2026-03-03")],
                            oleh="uji", today=TODAY)  # fmt: skip
    assert (len(twice.baru), twice.otomatis) == (2, 0)
    assert Person.objects.get(nik=HASAN).status == "hidup"
    automatic.switch("63.71", False, "operator.bjm")
    assert not automatic.offices_on()
    later = terima_kematian([_death(UDIN, "Udin Saprudin", wafat="2026-03-02")], oleh="uji",
                            today=TODAY)  # fmt: skip
    assert (later.otomatis, later.baru[0].status) == (0, "menunggu")
    assert Person.objects.get(nik=UDIN).status == "hidup"


def test_a_proposal_follows_the_person_kept_by_a_merge(make_person, user_of):
    from datusoban.penautan.decisions import merge_persons, undo

    kept = make_person(SITI, nama="Siti Aminah")
    merged = make_person("6371014506500099", nama="Siti Aminah")
    [death] = terima_kematian([_death("6371014506500099", "Siti Aminah")], oleh="uji").baru
    ibu = make_person("6371014107900011", nama="Rahmawati")
    twin = make_person("6371014107900098", nama="Rahmawati")
    refresh_counts()
    birth = UsulanKelahiran.objects.create(
        nomor_peristiwa="BRN:1", nik="6371016011260001", tanggal_lahir=date(2026, 11, 20),
        bukti={}, ibu=twin, household=twin.household, padanan="ibu",
    )  # fmt: skip
    assert death.person_id == merged.pk
    decision = merge_persons(kept.pk, merged.pk, user="uji", alasan="sama")
    death.refresh_from_db()
    assert (death.person_id, death.status) == (kept.pk, "menunggu")
    merge_persons(ibu.pk, twin.pk, user="uji", alasan="sama")
    birth.refresh_from_db()
    assert birth.ibu_id == ibu.pk
    undo(decision.pk, user="uji", alasan="keliru")
    death.refresh_from_db()
    assert death.person_id == merged.pk
