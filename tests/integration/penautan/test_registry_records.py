"""Reading source records for linkage: the same frame on every database."""

from __future__ import annotations

import pytest

from datusoban.penautan.registry_records import read_records
from datusoban.registri.models import SourceRecord

pytestmark = pytest.mark.django_db


def test_empty_cells_are_unknown_not_the_text_null(import_batch, synth_dir):
    batch = import_batch("dtsen", "DTSEN Kemensos")
    frame = read_records(SourceRecord.objects.filter(batch_id=batch))
    assert frame.height == SourceRecord.objects.filter(batch_id=batch).count()
    for column in ("tempat_lahir", "nama_ibu_kandung", "alamat"):
        values = frame[column].drop_nulls()
        assert not values.str.to_lowercase().is_in(["null", ""]).any(), column
    # The synthetic files leave some mothers' names empty: those are null.
    assert frame["nama_ibu_kandung"].null_count() > 0
    assert set(frame["hubungan_keluarga"].drop_nulls()) <= {
        "kepala", "istri", "suami", "anak", "menantu", "cucu", "orang_tua", "mertua",
        "famili_lain", "lainnya",
    }  # fmt: skip
