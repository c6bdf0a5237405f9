"""Import guarantees: once per file, corrected rows re-submitted, all or nothing, clear refusals."""

from __future__ import annotations

import json

import pytest
from django.db import transaction

from datusoban.impor.models import QuarantinedRow
from datusoban.registri.models import ImportBatch, Source, SourceRecord

from .conftest import SAMPLES

pytestmark = pytest.mark.django_db


def test_the_same_file_twice_adds_nothing_and_says_so(run_import, tmp_path):
    first = run_import(SAMPLES / "dtsen.csv", "dtsen", "Kemensos DTSEN")
    copy = tmp_path / "dtsen salinan.csv"
    copy.write_bytes((SAMPLES / "dtsen.csv").read_bytes())  # same content, other name
    again = run_import(copy, "dtsen", "Kemensos DTSEN")
    assert again.already_imported and not first.already_imported
    assert again.batch_id == first.batch_id
    assert (again.rows, again.accepted) == (first.rows, first.accepted)
    assert ImportBatch.objects.count() == 1
    assert SourceRecord.objects.count() == first.accepted


def test_a_corrected_quarantined_row_is_resubmitted_and_closes_its_quarantine(run_import, tmp_path):
    first = run_import(SAMPLES / "siks-ng.csv", "siks-ng", "Kemensos SIKS-NG")
    assert QuarantinedRow.objects.filter(status="terbuka").count() == 2
    header, *rows = (SAMPLES / "siks-ng.csv").read_text(encoding="utf-8").splitlines()
    fixed = [
        r.replace("6.30301E+15", "6303015012500002") for r in rows if r.startswith("3301000100005")
    ]
    correction = tmp_path / "perbaikan.csv"
    correction.write_text("\n".join([header, *fixed]) + "\n", encoding="utf-8")
    second = run_import(correction, "siks-ng", "Kemensos SIKS-NG")
    assert (second.rows, second.accepted, second.resubmitted) == (1, 1, 1)
    closed = QuarantinedRow.objects.get(record_id="3301000100005")
    assert (closed.status, closed.diperbaiki_oleh_id) == ("diperbaiki", second.batch_id)
    assert QuarantinedRow.objects.filter(status="terbuka").count() == 1  # the unknown desa
    assert SourceRecord.objects.get(record_id="3301000100005").nik == "6303015012500002"
    assert first.batch_id != second.batch_id


def test_counts_and_json_output_reconcile(run_import):
    result = run_import(SAMPLES / "lks.csv", "lks", "LKS Budi Mulia")
    payload = result.as_json()
    assert set(payload) >= {
        "batch_id", "rows", "accepted", "warnings", "quarantined", "duplicates", "already_imported",
    }  # fmt: skip
    assert payload["accepted"] + payload["quarantined"] + payload["duplicates"] == payload["rows"]
    assert payload["warnings"] <= payload["accepted"]
    json.dumps(payload)


@pytest.mark.django_db(transaction=True)
def test_a_failure_while_storing_leaves_no_batch_and_no_rows(run_import, monkeypatch):
    from datusoban.impor import services

    def broken(*args, **kwargs):
        raise RuntimeError("koneksi terputus")

    monkeypatch.setattr(services, "_close_corrected_quarantine", broken)
    with pytest.raises(RuntimeError, match="koneksi terputus"):
        run_import(SAMPLES / "siks-ng.csv", "siks-ng", "Kemensos SIKS-NG")
    assert not ImportBatch.objects.exists()
    assert not SourceRecord.objects.exists()
    assert not QuarantinedRow.objects.exists()
    assert not Source.objects.exists()  # a new source lands only with its first import
    assert transaction.get_autocommit()


def test_an_unknown_profile_is_named_with_the_known_ones(run_import):
    from datusoban.impor.profiles import UnknownProfileError

    with pytest.raises(UnknownProfileError, match="siks-ng"):
        run_import(SAMPLES / "dtsen.csv", "tidak-ada", "x")
    assert not ImportBatch.objects.exists()


def test_a_missing_required_column_is_named(run_import, tmp_path):
    from datusoban.impor.mapping import MissingColumnsError

    path = tmp_path / "tanpa-desil.csv"
    lines = (SAMPLES / "dtsen.csv").read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n", encoding="utf-8")
    with pytest.raises(MissingColumnsError, match="desil"):
        run_import(path, "dtsen", "Kemensos DTSEN")
    assert not ImportBatch.objects.exists()
