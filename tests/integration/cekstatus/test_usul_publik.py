"""Usul and sanggah from the public (/cek-status/usul/, /cek-status/sanggah/, /cek-status/lacak/):
a citizen's proposal or objection enters the office's cycle, tracked by a receipt code,
without an identifier in any page, throttled, and stored whole or not at all."""

from __future__ import annotations

import base64
import io
import json
import re
from datetime import UTC, datetime, timedelta
from ipaddress import ip_network

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from datusoban.accounts.models import Account, AuditEvent
from datusoban.kasus import files
from datusoban.kasus.models import BerkasKasus
from datusoban.sanggahan import actions as grievances
from datusoban.sanggahan.models import Sanggahan
from datusoban.usulan import actions as proposals
from datusoban.usulan.models import Usulan
from datusoban.usulpublik import receipt

from .village import DESA, KABKOTA, KECAMATAN, NEXT_DOOR, SITI_KK, SITI_NIK, make_village

pytestmark = pytest.mark.django_db
PROXY = "127.0.0.1"
USUL, SANGGAH, LACAK = "/cek-status/usul/", "/cek-status/sanggah/", "/cek-status/lacak/"
REGION = {"kabkota": KABKOTA, "kecamatan": KECAMATAN, "desa": DESA}
PROPOSER = {"nama_pengusul": "Rahmat Hidayat", "telepon": "0812-3456-7890"}


@pytest.fixture(autouse=True)
def behind_proxy(settings, tmp_path):
    settings.TRUSTED_PROXIES = (ip_network(PROXY),)
    settings.CEK_STATUS_PER_ALAMAT = 50
    settings.CEK_STATUS_GLOBAL = 600
    settings.USUL_PUBLIK_PER_ALAMAT = 5
    settings.USUL_PUBLIK_GLOBAL = 100
    settings.HOME = str(tmp_path)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime(2026, 9, 2, 8, 0, 5, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def village():
    return make_village()


def citizen(address: str = "198.51.100.7") -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def jpeg(name: str = "rumah.jpg") -> SimpleUploadedFile:
    """A real JPEG, made by Pillow."""
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 120, 40)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def fake_jpeg() -> SimpleUploadedFile:
    return SimpleUploadedFile("rumah.jpg", b"<html>bukan foto</html>", content_type="image/jpeg")


def usul(client: Client | None = None, **extra):
    data = {
        **REGION, "nama": "Aisyah Rahmawati", "alamat": "Gang Mawar, rumah kayu biru dekat masjid",
        "alasan": "Janda lansia, tinggal sendiri, tidak punya penghasilan.", **PROPOSER, **extra,
    }  # fmt: skip
    return (client or citizen()).post(USUL, {k: v for k, v in data.items() if v is not None})


def code_of(response) -> str:
    found = re.search(r'id="kode-tanda-terima">([^<]*)<', response.content.decode())
    assert found, response.content.decode()[:2000]
    return found.group(1)


def tokens(nama: str, desa: str = DESA, client: Client | None = None) -> list[str]:
    data = {"kabkota": desa[:5], "kecamatan": desa[:8], "desa": desa, "nama": nama}
    page = (client or citizen()).post("/cek-status/", data).content.decode()
    return re.findall(r'name="token" value="([^"]*)"', page)


def sanggah(token: str, client: Client | None = None, desa: str = DESA, **extra):
    data = {
        "kabkota": desa[:5], "kecamatan": desa[:8], "desa": desa, "token": token,
        "kirim": "ya", "alasan": "mampu", "program": "PKH",
        "uraian": "Punya toko besar dan mobil.", **PROPOSER, **extra,
    }  # fmt: skip
    return (client or citizen()).post(SANGGAH, {k: v for k, v in data.items() if v is not None})


def operator() -> Client:
    user = User.objects.create_user("operator.bjm")
    Account.objects.create(user=user, peran="operator_kabkota", wilayah_id=KABKOTA)
    client = Client()
    client.force_login(user)
    return client


def test_a_proposal_with_a_photo_enters_the_proposals_cycle_of_the_desa(village):
    page = citizen().get(USUL, REGION).content.decode()
    assert 'name="nama"' in page and 'name="telepon"' in page
    response = usul(foto=jpeg())
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    code = code_of(response)
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}", code)
    assert "Catat atau foto kode ini" in response.content.decode()
    usulan = Usulan.objects.get()
    assert usulan.kode_tanda_terima == code.replace("-", "")
    assert (usulan.asal, usulan.jenis, usulan.status) == ("publik", "baru", "diusulkan")
    assert (usulan.wilayah_id, usulan.kode_kabkota, usulan.nama) == (
        DESA,
        KABKOTA,
        "Aisyah Rahmawati",
    )
    assert usulan.telepon_pengusul == "081234567890" and usulan.nama_pengusul == "Rahmat Hidayat"
    assert usulan.batas == proposals.due_date(usulan.diusulkan_pada)
    assert usulan.jenis_foto == "jpg" and files.path_of(usulan.foto).exists()
    event = AuditEvent.objects.get(objek="usulan")
    assert event.alamat_ip is None and event.rincian["layanan"] == "usul_publik"
    # The kab/kota of the desa finds it in Tugas saya.
    tugas = operator().get("/tugas/").content.decode()
    assert f"Usulan {usulan.pk}" in tugas and "usulan warga" in tugas


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"telepon": "021 555 1234"}, "telepon", "nomor HP Indonesia"),
        ({"telepon": "0812"}, "telepon", "nomor HP Indonesia"),
        ({"nama": ""}, "nama", "tidak boleh kosong"),
        ({"alasan": "x" * 1001}, "alasan", "1000"),
        ({"foto": "fake"}, "foto", "bukan foto JPG/PNG"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_is_stored(
    village, extra, field, message
):
    if extra.get("foto") == "fake":
        extra = {"foto": fake_jpeg()}
    response = usul(**extra)
    page = response.content.decode()
    assert response.status_code == 400
    assert f'id="galat-{field}"' in page and message in page
    assert not Usulan.objects.exists() and not AuditEvent.objects.exists()
    assert not list(files.folder().iterdir())


def test_a_photo_is_stored_without_its_metadata(village):
    exif = Image.Exif()
    exif[0x010F] = "PonselMerek"  # Make
    exif[0x0132] = "2026:09:01 07:30:00"  # DateTime
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 40)).save(out, "JPEG", exif=exif.tobytes())
    assert b"PonselMerek" in out.getvalue()
    usul(foto=SimpleUploadedFile("hp.jpg", out.getvalue(), content_type="image/jpeg"))
    stored = files.path_of(Usulan.objects.get().foto).read_bytes()
    assert stored.startswith(b"\xff\xd8\xff") and b"PonselMerek" not in stored
    assert b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (40, 30) and not image.getexif()


def test_a_file_that_only_begins_like_a_jpeg_is_refused(village):
    fake = SimpleUploadedFile("rumah.jpg", b"\xff\xd8\xff\xe0" + b"bukan gambar" * 50)
    response = usul(foto=fake)
    assert response.status_code == 400 and "tidak dapat dibuka" in response.content.decode()
    assert not Usulan.objects.exists() and not list(files.folder().iterdir())


def test_a_pdf_is_no_photo_here(village):
    pdf = SimpleUploadedFile("surat.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = usul(foto=pdf)
    assert response.status_code == 400 and "foto JPG atau PNG" in response.content.decode()
    assert not Usulan.objects.exists()


def test_the_honeypot_refuses_a_form_filled_by_a_program(village):
    response = usul(situs_web="http://spam.example")
    assert response.status_code == 400 and "tidak dapat diterima" in response.content.decode()
    assert not Usulan.objects.exists()


def test_without_a_desa_nothing_is_proposed(village):
    response = citizen().post(USUL, {"kabkota": KABKOTA, "nama": "Aisyah", **PROPOSER})
    assert response.status_code == 400 and not Usulan.objects.exists()


def test_an_objection_chosen_from_cek_status_enters_the_grievance_workflow(village):
    client = citizen()
    found = tokens("Siti Aminah", client=client)
    assert len(found) == 1
    form = client.post(SANGGAH, {**REGION, "token": found[0]}).content.decode()
    assert "SI** AM****" in form and 'name="alasan"' in form and "PKH" in form
    response = sanggah(found[0], client, foto=jpeg())
    code = code_of(response)
    grievance = Sanggahan.objects.get()
    assert grievance.kode_tanda_terima == code.replace("-", "")
    assert grievance.person == village.siti and grievance.asal == "publik"
    assert (grievance.kategori, grievance.program_id, grievance.status) == (
        "inklusi",
        "PKH",
        "diterima",
    )
    assert grievance.kepesertaan is not None and grievance.kepesertaan.program_id == "PKH"
    assert grievance.wilayah_id == DESA and grievance.kode_kabkota == KABKOTA
    assert grievance.batas == grievance.diterima + timedelta(days=14)
    assert grievance.kontak_pelapor == "081234567890"
    assert BerkasKasus.objects.get(sanggahan=grievance).jenis == "jpg"
    event = AuditEvent.objects.get(objek="sanggahan")
    assert event.alamat_ip is None and event.nik == SITI_NIK
    office = operator()
    tugas = office.get("/tugas/").content.decode()
    assert f"Sanggahan {grievance.pk}" in tugas and "sanggahan warga" in tugas
    assert "Dikirim warga" in office.get(f"/sanggahan/{grievance.pk}/").content.decode()


def test_a_token_cannot_be_forged_reused_late_or_taken_to_another_desa(village, clock):
    token = tokens("Siti Aminah")[0]
    # Forged: the signature no longer matches.
    head, _, tail = token.partition(":")
    forged = (
        base64.urlsafe_b64encode(json.dumps({"d": DESA, "w": ["SITI"], "h": "0" * 20}).encode())
        .decode()
        .rstrip("=")
    )
    for bad in (forged + ":" + tail, head + ":" + tail[:-2] + "xx", "", "1"):
        response = sanggah(bad)
        assert response.status_code == 400 and "tidak berlaku" in response.content.decode()
    # Another desa: the namesake next door cannot be reached with it.
    assert sanggah(token, desa=NEXT_DOOR).status_code == 400
    # After an hour it has expired.
    clock.shift(timedelta(minutes=61))
    assert "tidak berlaku" in sanggah(token).content.decode()
    assert not Sanggahan.objects.exists()


def test_no_identifier_in_any_public_page(village):
    client = citizen()
    pages = [client.post("/cek-status/", {**REGION, "nama": "Siti"}).content.decode()]
    token = re.findall(r'name="token" value="([^"]*)"', pages[0])[0]
    pages.append(client.post(SANGGAH, {**REGION, "token": token}).content.decode())
    pages.append(sanggah(token, client).content.decode())
    pages.append(usul(client).content.decode())
    code = code_of(usul(client, nama="Budi Santoso"))
    pages.append(client.post(LACAK, {"kode": code}).content.decode())
    ids = {str(p) for p in (village.siti.pk, village.siti.household_id, village.namesake.pk)}
    for page in pages:
        for secret in (SITI_NIK, SITI_KK, *village.secrets):
            assert secret not in page
        for value in re.findall(r'value="([^"]*)"', page):
            assert value not in ids
    # The token carries the desa, the typed words and a keyed digest: no id, no NIK.
    payload = json.loads(base64.urlsafe_b64decode(token.split(":")[0] + "=="))
    assert set(payload) == {"d", "w", "h"} and payload["h"] not in ids
    assert SITI_NIK not in token and "Rahmat" not in pages[-1] and "0812" not in pages[-1]


def test_tracking_tells_the_status_in_plain_words_and_nothing_else(village):
    client = citizen()
    code = code_of(usul(client))
    page = client.post(LACAK, {"kode": code.lower().replace("-", " ")}).content.decode()
    assert "Usulan: diterima" in page and "Aisyah" not in page
    user = User.objects.create_user("verifikator.bjm", first_name="Verifikator Joko")
    Account.objects.create(user=user, peran="operator_kabkota", wilayah_id=KABKOTA)
    proposals.refuse(user, Usulan.objects.get().pk, alasan="Sudah menerima bantuan lain.")
    page = client.post(LACAK, {"kode": code}).content.decode()
    assert "Usulan: ditolak" in page and "Sudah menerima bantuan lain." in page
    assert "Joko" not in page and "verifikator" not in page
    token = tokens("Siti Aminah", client=client)[0]
    other = code_of(sanggah(token, client))
    assert "Sanggahan: diterima" in client.post(LACAK, {"kode": other}).content.decode()
    grievances.verify(user, Sanggahan.objects.get().pk, hasil="tidak_terbukti")
    page = client.post(LACAK, {"kode": other}).content.decode()
    assert "Sanggahan: ditolak" in page and "tidak terbukti" in page
    page = client.post(LACAK, {"kode": "ABCDE-FGHJK"}).content.decode()
    assert "tidak ditemukan" in page
    assert receipt.typed("abcde fghjk") == "ABCDEFGHJK" and receipt.typed("O0I1L-ABCDE") == ""


def test_submissions_are_throttled_per_address_and_for_everyone_per_hour(village, settings, clock):
    settings.USUL_PUBLIK_PER_ALAMAT = 2
    settings.USUL_PUBLIK_GLOBAL = 3
    client = citizen()
    assert usul(client).status_code == 200
    assert usul(client, nama="Budi Santoso").status_code == 200
    refused = usul(client, nama="Citra Dewi", foto=jpeg())
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert "satu jam" in refused.content.decode()
    assert Usulan.objects.count() == 2 and len(list(files.folder().iterdir())) == 0
    # Cek status still answers the same client: its counts are its own.
    assert tokens("Siti Aminah", client=client)
    # Another address: the third of everyone's, then everyone is refused.
    assert usul(citizen("203.0.113.9"), nama="Citra Dewi").status_code == 200
    busy = usul(citizen("203.0.113.10"), nama="Dedi Kurnia")
    assert busy.status_code == 429 and "ramai" in busy.content.decode()
    # The next hour counts afresh.
    clock.shift(timedelta(hours=1))
    assert usul(client, nama="Dedi Kurnia").status_code == 200
    assert Usulan.objects.count() == 4


def test_the_pages_are_public_and_linked_from_cek_status(village):
    page = Client().get("/cek-status/").content.decode()
    assert f'href="{USUL}"' in page and f'href="{LACAK}"' in page
    for url in (USUL, SANGGAH, LACAK):
        response = Client().get(url)
        assert response.status_code == 200 and 'class="menu"' not in response.content.decode()


def test_the_kab_kota_sees_the_proposer_and_photo_and_completes_the_data_before_verifying(
    village,
):
    usul(foto=jpeg())
    usulan = Usulan.objects.get()
    office = operator()
    page = office.get(f"/usulan/{usulan.pk}/").content.decode()
    assert "Usulan dari warga" in page and "Rahmat Hidayat" in page and "081234567890" in page
    assert 'id="form-lengkapi"' in page
    photo = office.get(f"/usulan/{usulan.pk}/foto/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert b"".join(photo.streaming_content).startswith(b"\xff\xd8\xff")
    assert AuditEvent.objects.filter(objek="foto_usulan").exists()
    # Not verified while SIKS-NG's data is missing.
    visit = {"hasil_kunjungan": "sesuai", "dikunjungi_oleh": "Uji", "dikunjungi_pada": "2026-09-02"}
    office.post(f"/usulan/{usulan.pk}/verifikasi/", visit)
    usulan.refresh_from_db()
    assert usulan.status == "diusulkan"
    # Bad data: nothing changes, the message says what.
    response = office.post(f"/usulan/{usulan.pk}/lengkapi/", {"nama": "Aisyah Rahmawati"})
    usulan.refresh_from_db()
    assert response.status_code == 302 and usulan.nik is None
    data = {
        "nama": "Aisyah Rahmawati", "nik": "6371015506850099", "no_kk": "6371010101100099",
        "jenis_kelamin": "P", "tanggal_lahir": "1950-06-15", "alamat": "Gang Mawar",
        "hubungan_keluarga": "kepala",
    }  # fmt: skip
    response = office.post(f"/usulan/{usulan.pk}/lengkapi/", data)
    usulan.refresh_from_db()
    assert usulan.nik == "6371015506850099" and usulan.data["no_kk"] == "6371010101100099"
    assert usulan.data["kode_wilayah"] == DESA
    office.post(f"/usulan/{usulan.pk}/verifikasi/", visit)
    usulan.refresh_from_db()
    assert usulan.status == "diverifikasi"
    page = citizen().post(LACAK, {"kode": usulan.kode_tanda_terima}).content.decode()
    assert "Usulan: diverifikasi" in page and "6371015506850099" not in page


def test_another_kab_kota_neither_sees_nor_completes_it(village):
    usul(foto=jpeg())
    usulan = Usulan.objects.get()
    user = User.objects.create_user("operator.bjb")
    Account.objects.create(user=user, peran="operator_kabkota", wilayah_id="63.72")
    other = Client()
    other.force_login(user)
    assert other.get(f"/usulan/{usulan.pk}/").status_code == 404
    assert other.get(f"/usulan/{usulan.pk}/foto/").status_code == 404
    assert other.post(f"/usulan/{usulan.pk}/lengkapi/", {"nama": "X"}).status_code == 404
    assert f"Usulan {usulan.pk}" not in other.get("/tugas/").content.decode()
