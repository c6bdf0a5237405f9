"""A batch is identified by file, profile and source; a wrong batch is withdrawn all or
nothing, undoing what linkage built on it, with an audit row."""

from __future__ import annotations

import shutil
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from datusoban.accounts.models import AuditEvent
from datusoban.impor.reading import ReadError
from datusoban.impor.services import import_file
from datusoban.penautan.models import ReviewPair
from datusoban.registri.models import Household, ImportBatch, Membership, Person, SourceRecord

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 30)


def run(path, profile: str, source: str):
    return import_file(path, profile=profile, user="pytest", source=source, as_of=AS_OF)


def withdraw(batch_id: int, reason: str = "Diimpor dengan sumber yang salah") -> str:
    out = StringIO()
    call_command("tarik-batch", str(batch_id), "--alasan", reason, "--user", "uji", stdout=out)
    return out.getvalue()


def test_the_same_file_under_another_profile_or_source_is_a_batch_of_its_own(synth_dir):
    path = synth_dir / "dtsen.csv"
    first = run(path, "interchange", "DTSEN Kemensos")
    assert run(path, "interchange", "DTSEN Kemensos").already_imported
    other_source = run(path, "interchange", "DTSEN Kemensos ulang")
    other_profile = run(path, "dtsen", "DTSEN Kemensos")
    assert not other_source.already_imported and not other_profile.already_imported
    assert len({first.batch_id, other_source.batch_id, other_profile.batch_id}) == 3


def test_a_csv_renamed_xlsx_is_refused_every_time(synth_dir, tmp_path):
    """Before: the duplicate check ran on the bytes before the file was read, so a CSV
    renamed .xlsx was refused until the same bytes were imported as .csv, and from then on
    "succeeded" as already imported. Now the file is read first: refused, always."""
    csv = tmp_path / "dtsen.csv"
    shutil.copy(synth_dir / "dtsen.csv", csv)
    renamed = tmp_path / "dtsen.xlsx"
    shutil.copy(csv, renamed)
    with pytest.raises(ReadError):
        run(renamed, "interchange", "DTSEN Kemensos")
    assert not run(csv, "interchange", "DTSEN Kemensos").already_imported
    with pytest.raises(ReadError):
        run(renamed, "interchange", "DTSEN Kemensos")
    assert ImportBatch.objects.count() == 1


def _state() -> dict:
    people = Person.objects.order_by("pk").values()
    return {
        "orang": [{k: v for k, v in p.items() if k != "diubah_pada"} for p in people],
        "keluarga": list(
            Household.objects.order_by("pk").values_list("pk", "no_kk", "riwayat_no_kk")
        ),
        "keanggotaan": list(Membership.objects.order_by("pk").values()),
        "rekaman": list(
            SourceRecord.objects.order_by("pk").values_list("pk", "person_id", "household_id")
        ),
        "tinjauan": list(ReviewPair.objects.order_by("pk").values_list("pk", "status")),
    }


def test_withdrawing_a_linked_batch_gives_back_the_registry_as_it_was(import_batch, link):
    a = import_batch("dtsen", "DTSEN Kemensos")
    link(a)
    before = _state()
    b = import_batch("dtks", "DTKS Kemensos")
    run_b = link(b)
    assert run_b.orang_baru and run_b.rekaman_ke_orang_lama  # B made persons and joined others
    message = withdraw(b)
    assert f"Batch {b} ditarik" in message
    assert _state() == before
    batch = ImportBatch.objects.get(pk=b)
    assert (batch.status, batch.ditarik_oleh) == ("ditarik", "uji")
    trail = AuditEvent.objects.get(objek="batch_impor", objek_id=str(b))
    assert trail.rincian["orang_dihapus"] == run_b.orang_baru
    # Under the right source it comes back as a new batch, and links again.
    again = import_batch("dtks", "DTKS Kemensos (benar)")
    assert again != b and link(again).rekaman_baru == batch.diterima


def test_a_withdrawal_that_cannot_be_exact_is_refused_and_changes_nothing(
    import_batch, link, registry_state
):
    from datusoban.penautan.decisions import decide_pair

    a = import_batch("dtsen", "DTSEN Kemensos")
    b = import_batch("dtks", "DTKS Kemensos")
    link(a, b)
    pair = (
        ReviewPair.objects.filter(rekaman_r__batch_id=b).first()
        or ReviewPair.objects.filter(rekaman_l__batch_id=b).first()
    )
    assert pair is not None
    decide_pair(pair.pk, accept=False, user="peninjau")
    before = registry_state()
    with pytest.raises(CommandError, match="keputusan penautan"):
        withdraw(b)
    assert registry_state() == before
    assert ImportBatch.objects.get(pk=b).status == "selesai"
    assert not AuditEvent.objects.filter(objek="batch_impor").exists()


def test_a_person_who_is_an_lks_client_keeps_the_batch_in_place(import_batch, link, registry_state):
    """A client's place at an LKS points at its person without a reverse name; withdrawing
    the only batch that person came from is refused with the reason, not a server error."""
    from datusoban.layanan import lembaga
    from datusoban.layanan.models import Lembaga

    b = import_batch("dtks", "DTKS Kemensos")
    link(b)
    person = Person.objects.filter(household__isnull=False).first()
    lks = Lembaga.objects.create(
        jenis="lks", kode="LKS-UJI", nama="LKS Uji", wilayah_id=person.household.wilayah.parent_id,
        kode_kabkota=person.kode_kabkota, kapasitas=5, layanan=["terapi"],
    )  # fmt: skip
    lembaga.admit_client(lks, person, "terapi", AS_OF)
    before = registry_state()
    with pytest.raises(CommandError, match="klien lembaga"):
        withdraw(b)
    assert registry_state() == before
    assert ImportBatch.objects.get(pk=b).status == "selesai"
