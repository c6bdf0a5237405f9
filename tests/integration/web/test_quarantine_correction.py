"""Quarantined rows corrected on screen: checked by the import's own rules, accepted into
the batch's records in one transaction with an audit row, or kept with their new reasons;
dismissed with a reason; only for users who may import under the batch's source."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import IntegrityError

from datusoban.accounts.models import AuditEvent
from datusoban.impor import correction
from datusoban.impor.models import QuarantinedRow
from datusoban.impor.services import import_file
from datusoban.registri.models import ImportBatch, SourceRecord

from .people import log_in_as

pytestmark = pytest.mark.django_db

HEADER = (
    "no_register,nik,no_kk,nama_ppks,l_p,tempat_lahir,tgl_lahir,nama_ibu,hub_keluarga,"
    "alamat,rt,rw,kode_desa,kategori_ppks\n"
)
# Row 2: a NIK of 15 digits; row 3: 31 February; row 4: a village of Kabupaten Banjar in
# the Banjarmasin register; row 5: accepted.
ROWS = (
    "PPKS-A,637101120385000,6371010101100001,BUDI SANTOSO,L,Banjarmasin,12/03/1985,,"
    "Kepala Keluarga,Jl. Pekapuran,004,002,63.71.01.1001,24\n"
    "PPKS-B,6371015502850002,6371010101100002,SITI RAHMAH,P,Banjarmasin,31/02/1985,,"
    "Istri,Jl. Pekapuran,004,002,63.71.01.1001,24\n"
    "PPKS-C,6371010303900003,6371010101100003,AHMAD SYARIF,L,Banjarmasin,03/03/1990,,"
    "Kepala Keluarga,Jl. Pekapuran,005,002,63.03.01.2001,24\n"
    "PPKS-D,6371010404700004,6371010101100004,JAMAL,L,Banjarmasin,04/04/1970,,"
    "Kepala Keluarga,Jl. Pekapuran,006,002,63.71.01.1001,24\n"
)
SOURCE = "Dinsos Kota Banjarmasin"


def _import(tmp_path: Path, text: str = HEADER + ROWS, name: str = "ppks.csv") -> ImportBatch:
    path = tmp_path / name
    path.write_text(text)
    result = import_file(path, profile="ppks-kabkota", user="pytest", source=SOURCE)
    return ImportBatch.objects.get(pk=result.batch_id)


@pytest.fixture
def batch(tmp_path) -> ImportBatch:
    imported = _import(tmp_path)
    assert (imported.diterima, imported.karantina) == (1, 3)
    return imported


def _row(batch: ImportBatch, number: int) -> QuarantinedRow:
    return QuarantinedRow.objects.get(batch=batch, nomor_baris=number)


def _form(client, batch: ImportBatch, row: QuarantinedRow) -> tuple[dict, dict]:
    """The row's form as the page shows it: what it would post, and each column's input."""
    response = client.get(f"/impor/batch/{batch.pk}/karantina/{row.pk}/")
    assert response.status_code == 200, response.content.decode()[:2000]
    form = response.context["form"]
    sent = {"versi": form["versi"].value()}
    sent |= {f.name: form[f.name].value() for f in form.row_fields}
    return sent, {f.header: f.name for f in form.row_fields}


def _post(client, batch, row, changes: dict[str, str], sent: dict | None = None, extra=None):
    """Post the row's form with ``changes`` (column of the file → new text)."""
    shown, names = _form(client, batch, row)
    sent = {**(sent or shown), **{names[h]: v for h, v in changes.items()}, **(extra or {})}
    return client.post(f"/impor/batch/{batch.pk}/karantina/{row.pk}/", sent)


@pytest.fixture
def operator(client):
    """An operator of Kota Banjarmasin, whose register the batch is."""
    log_in_as(client, "operator_kabkota", "63.71")
    return client


def test_values_withheld_from_the_role_are_neither_shown_nor_editable(operator, batch):
    _sent, names = _form(operator, batch, _row(batch, 2))
    assert "nik" in names and "kategori_ppks" not in names
    log_in_as(operator, "admin_provinsi", "63")
    _sent, names = _form(operator, batch, _row(batch, 2))
    assert "kategori_ppks" in names


def test_the_list_shows_open_rows_with_their_reasons_and_is_audited(operator, batch):
    response = operator.get(f"/impor/batch/{batch.pk}/karantina/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "NIK harus 16 digit angka" in page  # the rule's own message
    assert "BUDI SANTOSO" in page and "JAMAL" not in page  # accepted rows are not listed
    read = AuditEvent.objects.filter(aksi="baca", objek="baris_karantina")
    assert read.count() == 3 and set(read.values_list("tujuan", flat=True)) == {correction.TUJUAN}
    assert "6371010303900003" in set(read.values_list("nik", flat=True))
    batch_page = operator.get(f"/impor/batch/{batch.pk}/").content.decode()
    assert f"/impor/batch/{batch.pk}/karantina/" in batch_page


@pytest.mark.parametrize(
    ("number", "header", "value", "nik", "field", "stored"),
    [
        (2, "nik", "6371011203850001", "6371011203850001", "nik", "6371011203850001"),
        (3, "tgl_lahir", "15/02/1985", "6371015502850002", "tanggal_lahir", "1985-02-15"),
        (4, "kode_desa", "63.71.01.1001", "6371010303900003", "kode_wilayah", "63.71.01.1001"),
    ],
    ids=["nik", "tanggal", "wilayah"],
)
def test_a_fixed_row_is_accepted_into_the_batch(
    operator, batch, number, header, value, nik, field, stored
):
    row = _row(batch, number)
    before = row.data[header]
    response = _post(operator, batch, row, {header: value})
    assert response.status_code == 302 and response.url.endswith(f"/{batch.pk}/karantina/")
    made = SourceRecord.objects.get(batch=batch, nomor_baris=number)
    assert made.nik == nik and str(getattr(made, field)) == stored
    assert made.data[header] == value and made.record_id == row.record_id
    # The PPKS category is withheld from this role (no health data): kept as received.
    assert made.data["kategori_ppks"] == "24"
    row.refresh_from_db()
    assert row.status == "diperbaiki" and row.diperbaiki_oleh_id == batch.pk
    assert row.ditangani_oleh == "operator_kabkota.63.71"
    # Visible in the batch's records and no longer in its open quarantine.
    assert SourceRecord.objects.filter(batch=batch).count() == 2
    listed = operator.get(f"/impor/batch/{batch.pk}/karantina/").content.decode()
    assert f'id="baris-{row.pk}"' not in listed
    changed = AuditEvent.objects.get(aksi="ubah", objek="baris_karantina")
    assert changed.nik == nik and changed.tujuan == correction.TUJUAN
    assert changed.rincian["hasil"] == "diterima"
    assert changed.rincian["sebelum"] == {header: before}
    assert changed.rincian["sesudah"] == {header: value}
    assert changed.rincian["rekaman_sumber"] == made.pk


def test_a_row_still_wrong_stays_with_its_new_reasons(operator, batch):
    row = _row(batch, 2)
    assert row.alasan == ["nik_format"]
    response = _post(operator, batch, row, {"nik": "6371011203850000"})  # serial 0000
    assert response.status_code == 302 and response.url.endswith(f"/karantina/{row.pk}/")
    row.refresh_from_db()
    assert row.status == "terbuka" and row.alasan == ["nik_serial"]
    assert row.data["nik"] == "6371011203850000" and row.nik == "6371011203850000"
    assert not SourceRecord.objects.filter(batch=batch, nomor_baris=2).exists()
    page = operator.get(f"/impor/batch/{batch.pk}/karantina/{row.pk}/").content.decode()
    # The reason is shown next to the NIK field, and the message says the row is kept.
    nik_input = page.index('value="6371011203850000"')
    assert page.index("tidak boleh 0000", nik_input) < page.index("<label", nik_input)
    assert "masih belum memenuhi aturan impor" in page
    changed = AuditEvent.objects.get(aksi="ubah", objek="baris_karantina")
    assert changed.rincian["hasil"] == "karantina"
    assert changed.rincian["alasan"] == ["nik_serial"]


def test_the_same_rules_compare_it_with_the_accepted_rows(operator, batch):
    """A corrected row that takes the record id of another accepted row is refused as the
    import refuses it (record_id_ganda), not accepted beside it."""
    row = _row(batch, 2)
    _post(operator, batch, row, {"nik": "6371011203850001", "no_register": "PPKS-D"})
    row.refresh_from_db()
    assert row.status == "terbuka" and row.alasan == ["record_id_ganda"]
    assert SourceRecord.objects.filter(batch=batch, record_id="PPKS-D").count() == 1


def test_an_unchanged_excel_formula_is_still_refused(operator, batch):
    """A value Excel computed stays quarantined until someone types it (rumus_excel_*)."""
    row = _row(batch, 2)
    row.alasan = ["nik_format", "rumus_excel_nama"]
    row.save()
    _post(operator, batch, row, {"nik": "6371011203850001"})
    row.refresh_from_db()
    assert row.status == "terbuka" and row.alasan == ["rumus_excel_nama"]
    # Sent again as shown, the value is still what Excel computed.
    _post(operator, batch, row, {"nama_ppks": "BUDI SANTOSO"})
    row.refresh_from_db()
    assert row.status == "terbuka" and row.alasan == ["rumus_excel_nama"]
    # The user says they checked it: the same value is accepted.
    _post(operator, batch, row, {}, extra={"rumus_diperiksa": "on"})
    row.refresh_from_db()
    assert row.status == "diperbaiki"


def test_it_closes_the_open_rows_of_earlier_batches_with_its_record_id(operator, tmp_path, batch):
    """As a re-submitted file does: the same record quarantined in an earlier batch."""
    later = _import(tmp_path, HEADER + ROWS.replace("JAMAL", "JAMALUDDIN"), "ppks-2.csv")
    earlier_row, row = _row(batch, 2), _row(later, 2)
    _post(operator, later, row, {"nik": "6371011203850001"})
    earlier_row.refresh_from_db()
    assert earlier_row.status == "diperbaiki" and earlier_row.diperbaiki_oleh_id == later.pk


def test_dismissed_with_a_reason(operator, batch):
    row = _row(batch, 3)
    token = _form(operator, batch, row)[0]["versi"]
    url = f"/impor/batch/{batch.pk}/karantina/{row.pk}/tolak/"
    refused = operator.post(url, {"versi": token, "alasan": "  "}, follow=True)
    assert "Tuliskan alasan baris ini ditolak" in refused.content.decode()
    row.refresh_from_db()
    assert row.status == "terbuka"
    response = operator.post(url, {"versi": token, "alasan": "Orangnya sudah pindah"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.alasan_tolak) == ("ditolak", "Orangnya sudah pindah")
    assert not SourceRecord.objects.filter(batch=batch, nomor_baris=3).exists()
    audit = AuditEvent.objects.get(aksi="ubah", objek="baris_karantina")
    assert audit.rincian["tindakan"] == "tolak" and audit.nik == "6371015502850002"


def test_a_form_of_a_row_changed_since_is_refused(operator, batch):
    row = _row(batch, 2)
    stale, _names = _form(operator, batch, row)
    _post(operator, batch, row, {"nik": "6371011203850000"})  # another tab: still wrong
    response = _post(operator, batch, row, {"nik": "6371011203850001"}, sent=stale)
    assert response.status_code == 400
    assert "telah diubah sejak halaman ini dibuka" in response.content.decode()
    row.refresh_from_db()
    assert row.status == "terbuka" and row.data["nik"] == "6371011203850000"


def test_a_failure_stores_nothing(batch, django_user_model):
    """One transaction: when the record cannot be written, the row, the batch's records and
    the audit trail are as they were."""
    from datusoban.accounts.models import Account

    user = django_user_model.objects.create_user("admin.uji")
    Account.objects.create(user=user, peran="admin_provinsi", wilayah_id="63")
    row = _row(batch, 2)
    # A record already holding the row's number: the insert fails, after the checks.
    SourceRecord.objects.create(batch=batch, nomor_baris=2, record_id="X", data={})
    fields = correction.editable(correction.check_correct(user, batch).role, batch, row)
    nik = next(f.name for f in fields if f.header == "nik")
    with pytest.raises(IntegrityError):
        correction.correct(
            batch, row.pk, {nik: "6371011203850001"}, token=correction.version(row), user=user
        )
    row.refresh_from_db()
    assert row.status == "terbuka" and row.data["nik"] == "637101120385000"
    assert SourceRecord.objects.filter(batch=batch).count() == 2
    assert not AuditEvent.objects.filter(objek="baris_karantina").exists()


@pytest.mark.parametrize(
    ("peran", "wilayah", "status"),
    [
        ("operator_kabkota", "63.72", 404),  # another kab/kota: the batch is not there
        ("analis_provinsi", "63", 403),  # reads, does not change
        ("auditor", "63", 403),
        ("pendamping", "63.71", 403),
    ],
)
def test_refused_for_other_regions_and_read_only_roles(client, batch, peran, wilayah, status):
    log_in_as(client, peran, wilayah)
    row = _row(batch, 2)
    base = f"/impor/batch/{batch.pk}/karantina/"
    assert client.get(base).status_code == status
    assert client.get(f"{base}{row.pk}/").status_code == status
    posted = client.post(f"{base}{row.pk}/", {"versi": correction.version(row)})
    assert posted.status_code == status
    dismissed = client.post(f"{base}{row.pk}/tolak/", {"versi": "x", "alasan": "tidak ada"})
    assert dismissed.status_code == status
    row.refresh_from_db()
    assert row.status == "terbuka" and row.alasan == ["nik_format"]
    assert not AuditEvent.objects.filter(objek="baris_karantina").exists()
    if status == 403:
        assert "hanya boleh membaca" in client.get(base).content.decode()
        page = client.get(f"/impor/batch/{batch.pk}/").content.decode()
        assert base not in page  # the batch page offers no correction


def test_withdrawing_the_batch_takes_the_corrected_row_back(operator, batch):
    from datusoban.impor.withdrawal import withdraw_batch

    row = _row(batch, 2)
    _post(operator, batch, row, {"nik": "6371011203850001"})
    assert SourceRecord.objects.filter(batch=batch).count() == 2
    outcome = withdraw_batch(batch, by="pytest", reason="salah sumber")
    assert outcome.records == 2 and outcome.quarantined == 3
    assert not QuarantinedRow.objects.filter(batch=batch).exists()
    # A withdrawn batch has nothing to correct: back on the batch page, with why.
    response = operator.get(f"/impor/batch/{batch.pk}/karantina/", follow=True)
    assert "sudah ditarik" in response.content.decode()


def test_the_list_is_paged_and_each_page_audits_its_own_rows(operator, batch):
    from datusoban.impor.views.karantina import PAGE_SIZE

    first = _row(batch, 2)
    for n in range(10, 10 + PAGE_SIZE):  # more rows like the first, numbered after it
        QuarantinedRow.objects.create(
            batch=batch, nomor_baris=n, record_id=f"PPKS-{n}", alasan=first.alasan,
            data={**first.data, "no_register": f"PPKS-{n}"}, kode_wilayah="63.71.01.1001",
        )  # fmt: skip
    total = PAGE_SIZE + 3
    one = operator.get(f"/impor/batch/{batch.pk}/karantina/")
    assert one.content.decode().count('<tr id="baris-') == PAGE_SIZE
    two = operator.get(f"/impor/batch/{batch.pk}/karantina/?hal=2").content.decode()
    assert two.count('<tr id="baris-') == total - PAGE_SIZE
    assert f"PPKS-{10 + PAGE_SIZE - 1}" in two and "Halaman 2 dari 2" in two
    assert AuditEvent.objects.filter(aksi="baca", objek="baris_karantina").count() == total
