"""Shared by the field app's browser tests: a pendamping PKH with a caseload of families,
seeded by the real console script, and the app's queue as the browser's disk holds it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .browser import prepared_env, seeded
from .databases import DATUSOBAN

PASSWORD = "rahasia-panjang-123"
PIN = "246810"


def pendamping_seed(families: int) -> str:
    """Code for `datusoban shell`: a pendamping PKH (login "pendamping", code P1, Kecamatan
    Banjarmasin Selatan) whose caseload is ``families`` PKH families of one member each,
    "Siti Aminah <n>", floor area 30 + n."""
    return f"""
from datetime import date
from django.contrib.auth.models import User
from datusoban.accounts.models import Account
from datusoban.layanan.models import Pilar
from datusoban.program.models import Kepesertaan
from datusoban.registri.models import Household, Person

user = User.objects.create_user("pendamping", password="{PASSWORD}")
Account.objects.create(user=user, peran="pendamping", wilayah_id="63.71.01")
Pilar.objects.create(peran="pendamping_pkh", nama="Fitri Handayani", wilayah_id="63.71.01",
                     kode_kabkota="63.71", kode_kecamatan="63.71.01", kode_pendamping="P1",
                     akun=user)
for n in range({families}):
    h = Household.objects.create(wilayah_id="63.71.01.1001", no_kk=f"63710101011{{n:05d}}",
                                 lantai="semen", luas_lantai=30 + n)
    Person.objects.create(nama=f"Siti Aminah {{n}}", nama_kunci=f"siti aminah {{n}}",
                          nik=f"63710141018{{n:05d}}", household=h, hubungan_keluarga="kepala",
                          tanggal_lahir=date(1985, 1, 1))
    Kepesertaan.objects.create(program_id="PKH", household=h, status="terdaftar",
                               kode_kabkota="63.71", pendamping="P1")
"""


# What the profile holds on disk for the queue: ciphertext only.
RAW_QUEUE = """() => new Promise((resolve) => {
  const req = indexedDB.open("datusoban-lapangan", 1);
  req.onsuccess = () => {
    const all = req.result.transaction("antre").objectStore("antre").getAll();
    all.onsuccess = () => resolve(all.result.map((box) =>
      new TextDecoder("latin1").decode(box.data)).join(""));
  };
})"""


@contextmanager
def field_server(migrated_env: dict, log: Path, seed: str) -> Iterator[tuple[str, dict]]:
    """`datusoban serve` (no worker) on a copy of the template database seeded with
    ``seed``; yields its base URL and environment."""
    env = prepared_env(migrated_env, DATUSOBAN, "admin", PASSWORD)
    with seeded(env, seed, log) as base:
        yield base, env


def unlock(page) -> None:
    """Type the PIN on the app's PIN screen and wait for the main screen."""
    page.wait_for_selector("#layar-pin:not([hidden])")
    page.fill("#pin", PIN)
    page.click("#tombol-pin")
    page.wait_for_selector("#layar-utama:not([hidden])")
