"""No NIK or No. KK in any server log: the real servers (gunicorn as the README's production
runs it, with an access log and an error log in files, and `datusoban serve`) answer every
lookup by page and by API, refusals included (400, 403, 404), and then no line of their
logs (request lines, Referer headers, Django's own warnings such as "Not Found: <path>")
holds a 16-digit number.

The pages are used as a browser uses them (tests/e2e/form_client.py): each form is sent
as its HTML says, with and without HTMX, links and redirects followed, the pushed address
kept as the page shown; so an address the app draws with an identifier in it would land
in the log."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .browser import free_port, wait_for
from .form_client import Form, FormClient, api, forms

SIXTEEN_DIGITS = re.compile(r"\d{16}")
PASSWORD = "rahasia-panjang-123"
NIK = "6371011203800001"  # Moh. Rizky, Kota Banjarmasin
KK = "6371010101100001"  # his family: 22 members, two pages of results
OTHER_NIK = "6372021203800004"  # Kota Banjarbaru
# Three users, a family of 22 in Kota Banjarmasin, one person in Kota Banjarbaru, an LKS
# and a UPTD; prints the API tokens and the ids the test needs.
SEED = f"""
import json
from django.contrib.auth.models import User
from datusoban.accounts.models import Account, ApiToken
from datusoban.identity.names import name_key
from datusoban.registri.models import Household, Membership, Person
from datusoban.layanan.models import Lembaga

def person(h, nik, nama):
    p = Person.objects.create(nik=nik, nama=nama, nama_kunci=name_key(nama), household=h)
    Membership.objects.create(person=p, household=h, hubungan="lain")
    return p

family = Household.objects.create(wilayah_id="63.71.01.1001", no_kk="{KK}")
rizky = person(family, "{NIK}", "Moh. Rizky")
for n in range(21):
    person(family, f"63710112038{{n + 10:05d}}", f"Anggota Keluarga {{n:02d}}")
person(Household.objects.create(wilayah_id="63.72.02.1003", no_kk="6372020101100001"),
       "{OTHER_NIK}", "Muhammad Rizki")
places = {{}}
for jenis, kode in (("lks", "LKS-A"), ("uptd", "UPTD-A")):
    places[jenis] = Lembaga.objects.create(
        jenis=jenis, kode=kode, nama=kode, wilayah_id="63.71.01", kode_kabkota="63.71",
        kode_kecamatan="63.71.01", kapasitas=10, layanan=["terapi"]).pk
tokens = {{}}
for username, peran, wilayah in (("admin", "admin_provinsi", "63"),
                                 ("operator", "operator_kabkota", "63.71"),
                                 ("pendamping", "pendamping", "63.71")):
    user = User.objects.create_user(username, password="{PASSWORD}")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    tokens[username] = ApiToken.issue(user, "uji", days=1)[1]
print(json.dumps({{"tokens": tokens, "rizky": rizky.pk, **places}}))
"""


@pytest.fixture
def registry(migrated_env, datusoban_bin) -> tuple[dict, dict]:
    """A database as the README's production makes it (migrated, with the reference data:
    the session's template copied; the first-run steps themselves are the production and
    quickstart tests'), its static files collected, seeded; its environment in production
    mode, and what the seed made."""
    env = {
        **migrated_env,
        "DATUSOBAN_MODE": "production",
        "DATUSOBAN_SECRET_KEY": "uji-log-akses-" + "x" * 40,
        "DATUSOBAN_ALLOWED_HOSTS": "127.0.0.1",
    }
    collect = [datusoban_bin, "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, env=env, check=True, capture_output=True)
    seeded = subprocess.run(
        [datusoban_bin, "shell", "-c", SEED], env=env, check=True, capture_output=True, text=True
    )
    return env, json.loads(seeded.stdout.strip().splitlines()[-1])


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def _form(page: str, **attrs: str) -> Form:
    return next(f for f in forms(page) if all(f.attrs.get(k) == v for k, v in attrs.items()))


def _use_the_pages(base: str, made: dict, *, https: bool) -> None:
    """Every lookup by NIK or No. KK the pages offer, and their refusals."""
    admin = FormClient(base, https=https)
    admin.log_in("admin", PASSWORD)
    page = admin.get("/cari/").text
    search = _form(page, id="form-cari")
    # By NIK, with HTMX and without, reloaded; by No. KK over two pages; a malformed NIK.
    for htmx in (True, False):
        found = admin.submit(search, {"nik": NIK}, htmx=htmx)
        assert found.status == 200 and "Moh. Rizky" in found.text and NIK in found.text
        assert "Moh. Rizky" in admin.get(admin.current).text  # reload, back button
    family = admin.submit(search, {"no_kk": KK}, htmx=True)
    assert "22 orang ditemukan" in family.text
    following = re.search(r'hx-get="([^"]+)"[^>]*rel="next"', family.text)
    second = admin.click(following.group(1).replace("&amp;", "&"), htmx=True)
    assert second.status == 200 and "halaman 2 dari 2" in second.text
    bad = admin.submit(search, {"nik": NIK + "9"}, htmx=True)
    assert "Harus 16 angka" in bad.text
    # A name: its own address (pushed by HTMX, redirected to without), reloaded.
    named = admin.submit(search, {"nama": "Muhammad Rizky"}, htmx=True)
    assert "Moh. Rizky" in named.text and admin.current.startswith("/cari/?nama=")
    assert "Moh. Rizky" in admin.get(admin.current).text  # reload, back button
    assert "Moh. Rizky" in admin.submit(search, {"nama": "Muhammad Rizky"}).text
    # The person found, then the export of a NIK search: the purpose asked, the file.
    assert admin.get(f"/orang/{made['rizky']}/").status == 200
    found = admin.submit(search, {"nik": NIK})
    asked = admin.submit(_form(found.text, action="/cari/ekspor/"))
    assert asked.status == 200 and "Ditemukan" in asked.text
    purpose = _form(asked.text, id="form-ekspor")
    exported = admin.submit(purpose, {"tujuan": "verifikasi"})
    assert exported.status == 200 and exported.body.startswith(b"PK")
    refused = admin.submit(purpose, {"tujuan": ""})  # no purpose: 400
    assert refused.status == 400
    back = admin.submit(_form(refused.text, id="kembali-ke-hasil"))
    assert "Moh. Rizky" in back.text
    # The data subject's report and its download.
    report = admin.submit(_form(admin.get("/subjek/").text, id="form-nik"), {"nik": NIK})
    assert report.status == 200 and "Moh. Rizky" in report.text
    download = _form(report.text, id="form-unduh")
    assert admin.submit(download, {"tujuan": "audit"}).body.startswith(b"PK")
    # Admitting a client and a resident found by NIK; an institution that does not exist.
    for url in (f"/layanan/lembaga/{made['lks']}/klien/baru/",
                f"/layanan/uptd/{made['uptd']}/warga/baru/"):  # fmt: skip
        page = admin.get(url).text
        lookup = next(f for f in forms(page) if ("langkah", "cari") in f.fields)
        candidates = admin.submit(lookup, {"cari": NIK})
        assert "Moh. Rizky" in candidates.text
        admit = next(f for f in forms(candidates.text) if ("langkah", "cari") not in f.fields
                     and ("cari", NIK) in f.fields)  # fmt: skip
        chosen = {"person": str(made["rizky"]), "kebutuhan": "terapi"}
        done = admin.submit(admit, chosen | {"mulai": "2024-01-01", "masuk": "2024-01-01"})
        assert done.status == 200 and "dicatat pada" in done.text
    gone = admin.visit(
        "POST", "/layanan/lembaga/999999/klien/baru/",
        f"langkah=cari&cari={NIK}&csrfmiddlewaretoken={admin.cookies['csrftoken']}".encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert gone.status == 404
    assert admin.get("/orang/999999/").status == 404
    # A role that may not export: 403.
    worker = FormClient(base, https=https)
    worker.log_in("pendamping", PASSWORD)
    found = worker.submit(_form(worker.get("/cari/").text, id="form-cari"), {"nik": NIK})
    assert "Moh. Rizky" in found.text and "ekspor-hasil" not in found.text
    forbidden = worker.visit(
        "POST", "/cari/ekspor/",
        f"nik={NIK}&langkah=tujuan&csrfmiddlewaretoken={worker.cookies['csrftoken']}".encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert forbidden.status == 403


def _use_the_api(base: str, made: dict, *, https: bool) -> None:
    """Every lookup by NIK or No. KK the API offers, and its refusals."""
    admin, operator = made["tokens"]["admin"], made["tokens"]["operator"]

    def call(token, method, path, body=None):
        return api(base, token, method, path, body, https=https)

    found = call(operator, "POST", "/api/v1/registri/orang/cari", {"nik": NIK})
    assert found.status == 200 and found.json()["data"][0]["nik"] == NIK
    family = call(operator, "POST", "/api/v1/registri/orang/cari", {"no_kk": KK, "halaman": 2})
    assert family.status == 200 and family.json()["jumlah"] == 22
    outside = call(operator, "POST", "/api/v1/registri/orang/cari", {"nik": OTHER_NIK})
    assert outside.json()["jumlah"] == 0
    assert call(operator, "GET", "/api/v1/registri/orang?nama=muhammad+rizky").status == 200
    bad = call(operator, "POST", "/api/v1/registri/orang/cari", {"nik": "6371"})
    assert bad.status in (400, 422)
    wrong = api(base, "dsb_salah", "POST", "/api/v1/registri/orang/cari", {"nik": NIK}, https=https)
    assert wrong.status in (401, 403)  # a wrong token, then no session: refused
    report = call(admin, "POST", "/api/v1/subjek/", {"nik": NIK})
    assert report.status == 200 and report.json()["orang"]
    xlsx = call(admin, "POST", "/api/v1/subjek/xlsx", {"nik": NIK, "tujuan": "Permintaan 1"})
    assert xlsx.status == 200 and xlsx.body.startswith(b"PK")
    assert call(admin, "POST", "/api/v1/subjek/xlsx", {"nik": NIK}).status == 400
    assert call(admin, "POST", "/api/v1/subjek/", {"nik": "6371"}).status == 422
    assert call(operator, "POST", "/api/v1/subjek/", {"nik": NIK}).status == 403
    assert call(operator, "GET", "/api/v1/kasus/999999").status == 404


def _exercise(base: str, made: dict, *, https: bool) -> Exception | None:
    """Every lookup by page and API; what went wrong, if anything, for after the logs
    are checked (a leaked identifier is the first thing to report)."""
    try:
        _use_the_pages(base, made, https=https)
        _use_the_api(base, made, https=https)
    except Exception as problem:  # re-raised once the logs are checked
        return problem
    return None


def _no_identifier_in(log: str, expected: tuple[str, ...]) -> None:
    lines = log.splitlines()
    assert [line for line in lines if SIXTEEN_DIGITS.search(line)] == []
    for text in expected:  # the log holds what was asked: the check looks at real lines
        assert any(text in line for line in lines), f"{text!r} not in the log:\n{log}"
    assert "Traceback" not in log  # a refusal is one line; no request failed


# In every log: the request lines of the lookups, and refusals with Django's warnings.
REQUESTS = (
    '"POST /cari/ HTTP/1.1" 200', '"POST /cari/ekspor/ HTTP/1.1" 200',
    '"POST /cari/ekspor/ HTTP/1.1" 400', '"POST /cari/ekspor/ HTTP/1.1" 403',
    '"POST /subjek/unduh.xlsx HTTP/1.1" 200', '"POST /api/v1/registri/orang/cari HTTP/1.1" 200',
    '"POST /api/v1/registri/orang/cari HTTP/1.1" 422', '"POST /api/v1/subjek/ HTTP/1.1" 403',
    '"POST /api/v1/subjek/xlsx HTTP/1.1" 400', '"GET /orang/999999/ HTTP/1.1" 404',
)  # fmt: skip
WARNINGS = (
    "Not Found: /layanan/lembaga/999999/klien/baru/",
    "Forbidden (Permission denied): /cari/ekspor/",
    "Bad Request: /api/v1/subjek/xlsx", "Not Found: /orang/999999/",
)  # fmt: skip


def test_no_identifier_reaches_the_logs_of_gunicorn(registry, tmp_path):
    env, made = registry
    access, errors = tmp_path / "akses.log", tmp_path / "galat.log"
    port = free_port()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    # The README's command with an access log in a file; gunicorn's own log and the app's
    # (Django's warnings) go to stderr, which a service manager keeps: here, a file.
    with errors.open("w") as stderr:
        server = subprocess.Popen(
            [gunicorn, "datusoban.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2",
             "--timeout", "120", "--access-logfile", str(access)],
            env=env, stdout=stderr, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/masuk/")
        problem = _exercise(base, made, https=True)
    finally:
        _stop(server)
    _no_identifier_in(access.read_text(), REQUESTS)
    _no_identifier_in(errors.read_text(), WARNINGS)
    if problem is not None:
        raise problem


def test_no_identifier_reaches_the_log_of_serve(registry, datusoban_bin, tmp_path):
    env, made = registry
    env = {k: v for k, v in env.items() if k != "DATUSOBAN_MODE"}  # the embedded default
    log = tmp_path / "serve.log"
    port = free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [datusoban_bin, "serve", f"127.0.0.1:{port}", "--no-worker"],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/masuk/")
            problem = _exercise(base, made, https=False)
        finally:
            _stop(server)
    _no_identifier_in(log.read_text(), REQUESTS + WARNINGS)
    if problem is not None:
        raise problem
