"""The upload page: a file under the wrong profile is refused by the real worker with the
profile that fits; a national export without a named source is refused before queuing."""

from __future__ import annotations

import re
import signal

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from datusoban.accounts.models import Account
from datusoban.registri.models import ImportBatch, Source

from .conftest import SAMPLES

# The worker commits and closes connections, as in use: no wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def operator(client, settings, tmp_path):
    settings.HOME = tmp_path / "home"
    settings.HOME.mkdir()
    user = User.objects.create_user("admin.provinsi", password="rahasia-panjang-123")
    Account.objects.create(user=user, peran="admin_provinsi", wilayah_id="63")
    client.force_login(user)
    return client


@pytest.fixture
def run_worker():
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield lambda: call_command("worker", batch=True, verbosity=0)
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def upload(client, name: str, profile: str, source: str):
    data = {"berkas": SimpleUploadedFile(name, (SAMPLES / name).read_bytes()), "profil": profile,
            "sumber": source}  # fmt: skip
    return client.post("/impor/unggah/", data)


def test_the_wrong_profile_is_refused_on_the_page_naming_the_right_one(operator, run_worker):
    response = upload(operator, "lks.csv", "siks-ng", "Kemensos SIKS-NG")
    assert response.status_code == 302, response.content.decode()[:2000]
    job = re.fullmatch(r"/impor/proses/([0-9a-f-]{36})/", response["Location"]).group(1)
    run_worker()
    page = operator.get(f"/impor/proses/{job}/").content.decode()
    assert 'data-status="ditolak"' in page
    message = re.search(r'id="pesan">(.*?)</p>', page, flags=re.S).group(1)
    assert "lks.csv" in message and "Pilih profil &#x27;lks&#x27;" in message
    assert "siks-ng" in message
    assert not ImportBatch.objects.exists() and not Source.objects.exists()


def test_a_national_export_without_a_source_is_refused_before_queuing(operator):
    page = upload(operator, "siks-ng.csv", "siks-ng", "").content.decode()
    assert 'role="alert"' in page or 'id="id_sumber_error"' in page
    assert "sebutkan sumbernya" in page
    assert not DBTaskResult.objects.exists()
    assert not ImportBatch.objects.exists()
