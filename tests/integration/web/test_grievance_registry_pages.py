"""A grievance verified from its page with the person marked deceased in the registry:
the change shown on the grievance, the person's status changed; without the date,
refused in plain words and nothing saved. The same over the API."""

from __future__ import annotations

import pytest

from datusoban.registri.models import Person
from datusoban.registri.stats import refresh_counts
from datusoban.sanggahan.models import Sanggahan

from .people import RIZKY_NIK, People, log_in_as

pytestmark = pytest.mark.django_db
DECEASED = {"hasil": "terbukti", "tindak_lanjut": "meninggal", "catatan": "Surat kematian"}


def _record(client) -> Sanggahan:
    data = {"kategori": "data_salah", "kecamatan": "63.71.01", "desa": "63.71.01.1001",
            "nik": RIZKY_NIK, "uraian": "Sudah wafat", "diterima": "2026-03-02"}  # fmt: skip
    client.post("/sanggahan/baru/", data)
    return Sanggahan.objects.order_by("-pk").first()


def test_marked_deceased_from_the_page(client, people: People):
    refresh_counts()
    log_in_as(client, "operator_kabkota", "63.71")
    grievance = _record(client)
    url = f"/sanggahan/{grievance.pk}/"
    refused = client.post(f"{url}verifikasi/", DECEASED, follow=True).content.decode()
    assert "Sebutkan tanggal meninggal" in refused
    assert Person.objects.get(pk=people.rizky.pk).status == "hidup"
    client.post(f"{url}verifikasi/", {**DECEASED, "tanggal_status": "2026-02-20"})
    assert Person.objects.get(pk=people.rizky.pk).status == "meninggal"
    page = client.get(url).content.decode()
    assert 'id="perubahan-registri"' in page and "hidup → meninggal (2026-02-20)" in page


def test_marked_moved_over_the_api(client, people: People):
    refresh_counts()
    log_in_as(client, "operator_kabkota", "63.71")
    grievance = _record(client)
    answer = client.post(
        f"/api/v1/sanggahan/{grievance.pk}/verifikasi",
        {"hasil": "terbukti", "tindak_lanjut": "pindah", "tanggal_status": "2026-02-01"},
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert answer.json()["perubahan_registri"]["sesudah"] == {
        "status": "pindah", "tanggal_status": "2026-02-01",
    }  # fmt: skip
    assert Person.objects.get(pk=people.rizky.pk).status == "pindah"
