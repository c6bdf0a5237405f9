"""Web import pages: logged-in clients, a data directory of the test's own, the real worker."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from datusoban.accounts.models import Account

SAMPLES = Path(__file__).parents[1] / "impor" / "samples"
PASSWORD = "rahasia-panjang-123"


@pytest.fixture(autouse=True)
def home(settings, tmp_path) -> Path:
    """Uploads and progress files go to the test's own folder."""
    settings.HOME = tmp_path / "home"
    settings.HOME.mkdir()
    return settings.HOME


@pytest.fixture
def operator(client):
    """A province administrator: may import under every source (ingest.authority)."""
    user = User.objects.create_user("admin.provinsi", password=PASSWORD)
    Account.objects.create(user=user, peran="admin_provinsi", wilayah_id="63")
    client.force_login(user)
    return client


@pytest.fixture
def viewer(client):
    """Logged in, but without a role and region: may not import."""
    client.force_login(User.objects.create_user("tamu.dinsos", password=PASSWORD))
    return client


@pytest.fixture
def run_worker():
    """One pass of the real `datusoban worker`: every queued job, then it stops."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}

    def run() -> None:
        call_command("worker", batch=True, verbosity=0)

    yield run
    for sig, handler in saved.items():  # the worker installs its own; give pytest back its
        signal.signal(sig, handler)


def upload(
    client, name: str, profile: str, source: str | None = None, content: bytes | None = None
):
    data = {
        "berkas": SimpleUploadedFile(
            name, (SAMPLES / name).read_bytes() if content is None else content
        ),
        "profil": profile,
    }
    if source:
        data["sumber"] = source
    return client.post("/impor/unggah/", data)


@pytest.fixture
def people():
    """The small registry of tests/integration/web/people.py."""
    from .people import make_people

    return make_people()
