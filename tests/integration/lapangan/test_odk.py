"""ODK Collect and KoBoToolbox: the verification visit exported as an XLSForm that pyxform
accepts and converts to an XForm, scoped and audited; and the submissions ODK Central and
KoBoToolbox export (their real column layouts) imported as visits through the field app's
checks, all or nothing, once, with conflicts read against the values as downloaded."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook
from PIL import Image
from pyxform.xls2xform import convert

from datusoban.accounts.models import AuditEvent
from datusoban.lapangan import variables
from datusoban.lapangan.models import KunjunganLapangan, Unduhan
from datusoban.layanan.models import Pilar
from datusoban.registri.models import Household

from .conftest import KEC_A, KEC_B

pytestmark = pytest.mark.django_db

INSTANCE = "uuid:8f0c2d9e-2b1a-4c55-9a41-1f0f3b7d2a{:02d}"
# What ODK Central's CSV holds beside the form's own columns (lib/data/briefcase.js and
# the export's Central columns), and KoBoToolbox's own columns after the form's.
CENTRAL_TAIL = ["meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
                "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits",
                "FormVersion"]  # fmt: skip
KOBO_TAIL = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
             "_submitted_by", "__version__", "_tags", "_index"]  # fmt: skip


@pytest.fixture
def office(make_user, make_family):
    """A kab/kota operator of Kota Banjarmasin, logged in, and two families of KEC_A."""
    user = make_user("operator.bjm", "operator_kabkota", "63.71")
    client = Client()
    client.force_login(user)
    families = [make_family(KEC_A) for _ in range(2)]
    return user, client, families


def _form(client: Client, kecamatan: str = KEC_A):
    return client.post("/lapangan/odk/formulir/", {"kecamatan": kecamatan})


def _cells(content: bytes) -> dict[str, list[dict]]:
    book = load_workbook(io.BytesIO(content))
    out = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        out[sheet.title] = [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]
    return out


def test_the_form_is_a_valid_xlsform_that_pyxform_converts(office, tmp_path):
    user, client, families = office
    AuditEvent.objects.all().delete()

    response = _form(client)

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    path = tmp_path / "verivali.xlsx"
    path.write_bytes(response.content)
    converted = convert(xlsform=str(path))
    xml = converted.xform
    assert converted.warnings == []
    assert '<upload ref="/data/foto" mediatype="image/*">' in xml
    assert 'type="geopoint"' in xml and 'jr:preload="uid"' in xml
    sheets = _cells(response.content)
    assert set(sheets) == {"survey", "choices", "settings"}
    names = [r["name"] for r in sheets["survey"] if r.get("name")]
    assert set(variables.FIELDS) <= set(names) and {"anggota_1", "anggota_2"} <= set(names)
    households = [r for r in sheets["choices"] if r["list_name"] == "keluarga"]
    assert [int(r["name"]) for r in households] == sorted(h.pk for h, _, _ in families)
    head = families[0][1]
    assert households[0]["label"].startswith(head.nama + " — ")
    assert (
        households[0]["a2"] == families[0][2].nama
        and households[0]["n_lantai"] == "Semen/bata merah"
    )
    # Labels and choices are the app's own.
    lantai = {r["name"]: r["label"] for r in sheets["choices"] if r["list_name"] == "lantai"}
    assert lantai == dict(variables.choices("lantai"))
    # No identifier anywhere in the workbook.
    text = str(sheets)
    for household, adult, child in families:
        assert household.no_kk not in text and adult.nik not in text and child.nik not in text
    unduhan = Unduhan.objects.get()
    assert unduhan.jenis == "xlsform" and unduhan.pengguna == user
    assert unduhan.nilai[str(families[0][0].pk)]["nilai"]["lantai"] == "semen"
    assert unduhan.nilai[str(families[0][0].pk)]["anggota"] == [
        families[0][1].pk,
        families[0][2].pk,
    ]
    rows = AuditEvent.objects.filter(pengguna=user)
    assert set(rows.values_list("aksi", flat=True)) == {"ekspor"}
    assert sorted(rows.values_list("objek_id", flat=True)) == sorted(
        str(p.pk) for _, a, c in families for p in (a, c)
    )


def test_the_form_is_scoped_and_for_roles_that_change_data(office, make_user, make_family):
    _, client, _ = office
    outside = Client()
    outside.force_login(make_user("operator.bjb", "operator_kabkota", "63.72"))
    reader = Client()
    reader.force_login(make_user("pendamping.bjm", "pendamping", "63.71"))

    assert _form(outside).status_code == 404
    assert reader.get("/lapangan/odk/").status_code == 403
    assert _form(reader).status_code == 403
    assert Unduhan.objects.count() == 0
    # A kecamatan of the operator's own kab/kota with no household: said, nothing kept.
    empty = _form(client, KEC_B)
    assert empty.status_code == 422 and "Tidak ada keluarga" in empty.content.decode()
    assert Unduhan.objects.count() == 0


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 60)).save(out, "JPEG", quality=70)
    return out.getvalue()


def _submission(unduhan: Unduhan, family, n: int, **values) -> dict:
    """One submission as the form's fields: found, members found, floor changed."""
    household = family[0]
    return {
        "start": "2026-12-01T09:10:00.000+08:00", "end": "2026-12-01T09:30:00.000+08:00",
        "unduhan": str(unduhan.pk), "keluarga": str(household.pk), "status": "ditemukan",
        "lantai": "keramik", "luas_lantai": "40", "aset_motor": "ya",
        "anggota_1": "ditemukan", "anggota_2": "pindah",
        "lokasi": "-3.316694 114.590111 12 5", "foto": f"{1733030000000 + n}.jpg",
        "id": INSTANCE.format(n),
    } | values  # fmt: skip


def _central_csv(rows: list[dict]) -> bytes:
    """The CSV ODK Central's "Download submissions → CSV" writes for the form: groups as
    path-, the geopoint in four columns, Central's own columns around."""
    header = ["SubmissionDate", "start", "end", "unduhan", "keluarga", "status"]
    header += ["rumah-tercatat_lantai", "rumah-lantai", "rumah-luas_lantai", "rumah-aset_motor"]
    header += ["anggota-nama_anggota_1", "anggota-anggota_1", "anggota-nama_anggota_2",
               "anggota-anggota_2", "lokasi-Latitude", "lokasi-Longitude", "lokasi-Altitude",
               "lokasi-Accuracy", "foto", *CENTRAL_TAIL]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for r in rows:
        lat, lon, alt, acc = r["lokasi"].split()
        writer.writerow([
            "2026-12-01T02:00:00.000Z", r["start"], r["end"], r["unduhan"], r["keluarga"],
            r["status"], "Semen/bata merah", r["lantai"], r["luas_lantai"], r["aset_motor"],
            "Siti", r["anggota_1"], "Rizki", r["anggota_2"], lat, lon, alt, acc, r["foto"],
            r.get("versi", r["id"]), r["id"], "5", "enumerator 1", "1", "1", "", "received",
            "", "0", r["unduhan"],
        ])  # fmt: skip
    return out.getvalue().encode()


def _media(rows: list[dict]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("verivali.csv", "tidak dibaca")
        for r in rows:
            archive.writestr(f"media/{r['foto']}", _jpeg())
    return out.getvalue()


def _import(client: Client, content: bytes, name: str, media: bytes | None = None):
    data = {"berkas": SimpleUploadedFile(name, content)}
    if media is not None:
        data["media"] = SimpleUploadedFile("media.zip", media)
    return client.post("/lapangan/odk/impor/", data)


def test_an_odk_central_csv_with_media_becomes_visits_once(office):
    user, client, families = office
    _form(client)
    unduhan = Unduhan.objects.get()
    # The office changed the first family's floor after the form was downloaded.
    Household.objects.filter(pk=families[0][0].pk).update(lantai="tanah")
    rows = [_submission(unduhan, f, n) for n, f in enumerate(families)]

    first = _import(client, _central_csv(rows), "datusoban_verivali.csv", _media(rows))

    assert first.status_code == 200, first.content.decode()
    assert "2 kunjungan disimpan (dari ODK Central), 1 dengan konflik" in first.content.decode()
    visits = {v.household_id: v for v in KunjunganLapangan.objects.all()}
    one, two = visits[families[0][0].pk], visits[families[1][0].pk]
    assert one.sumber == "odk_central" and one.petugas == user and one.unduhan == unduhan
    assert one.verifikasi == "konflik" and one.konflik == {"lantai": "tanah"}
    assert two.verifikasi == "menunggu" and two.konflik == {}
    assert two.sebelum["lantai"] == "semen" and two.sesudah == {
        "lantai": "keramik",
        "luas_lantai": 40,
        "aset_motor": True,
    }
    assert two.anggota == {str(families[1][1].pk): "ditemukan", str(families[1][2].pk): "pindah"}
    assert str(two.lintang) == "-3.316694" and two.foto.endswith(".jpg")
    assert str(two.kunci) == INSTANCE.format(1)[5:] and two.id_kiriman == INSTANCE.format(1)

    again = _import(client, _central_csv(rows), "datusoban_verivali.csv", _media(rows))

    assert again.status_code == 200
    assert "sudah pernah diimpor" in again.content.decode()
    assert KunjunganLapangan.objects.count() == 2


def test_a_bad_row_stores_nothing_and_every_problem_is_named(office):
    _, client, families = office
    _form(client)
    unduhan = Unduhan.objects.get()
    rows = [
        _submission(unduhan, families[0], 0),
        _submission(unduhan, families[1], 1, lantai="marmer_emas"),
        _submission(unduhan, families[1], 2, keluarga="999999"),
        _submission(unduhan, families[0], 3, luas_lantai="50000"),
    ]

    response = _import(client, _central_csv(rows), "kiriman.csv")

    assert response.status_code == 422
    page = response.content.decode()
    assert "Tidak ada yang disimpan: 3 masalah" in page
    assert "<td>3</td><td>rumah-lantai</td>" in page and "bukan salah satu pilihan" in page
    assert "<td>4</td><td>keluarga</td>" in page
    assert "<td>5</td><td>rumah-luas_lantai</td>" in page and "di luar batas" in page
    assert KunjunganLapangan.objects.count() == 0


def test_a_file_of_another_kind_is_refused_plainly(office):
    _, client, _ = office
    response = _import(client, b"nama,alamat\nSiti,Jalan\n", "daftar.csv")
    assert response.status_code == 422
    assert "bukan ekspor kiriman ODK Central atau KoBoToolbox" in response.content.decode()


def _kobo_xlsx(rows: list[dict], labels: bool = False, unduhan: Unduhan | None = None) -> bytes:
    """KoBoToolbox's "Export → XLS": XML names with "/" for groups (or the labels, and
    the choices' labels), the geopoint whole and split, KoBo's own columns after."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Verifikasi lapangan"
    if labels:
        header = ["start", "end", "unduhan", "Keluarga yang dikunjungi", "Status kunjungan",
                  "Lantai", "Luas lantai (m²)", "Sepeda motor", "Anggota 1: ${nama_anggota_1}",
                  "Anggota 2: ${nama_anggota_2}", "Lokasi rumah (GPS)", "_lokasi_latitude",
                  "_lokasi_longitude", "_lokasi_altitude", "_lokasi_precision", "Foto rumah",
                  "Foto rumah_URL", *KOBO_TAIL]  # fmt: skip
    else:
        header = ["start", "end", "unduhan", "keluarga", "status", "rumah/lantai",
                  "rumah/luas_lantai", "rumah/aset_motor", "anggota/anggota_1",
                  "anggota/anggota_2", "lokasi", "_lokasi_latitude", "_lokasi_longitude",
                  "_lokasi_altitude", "_lokasi_precision", "foto", "foto_URL",
                  *KOBO_TAIL]  # fmt: skip
    sheet.append(header)
    shown = {"ditemukan": "Ditemukan", "pindah": "Pindah", "keramik": "Marmer/granit/keramik",
             "ya": "Ya"}  # fmt: skip
    for i, r in enumerate(rows, start=1):
        value = (lambda v: shown.get(v, v)) if labels else (lambda v: v)
        # With labels, the household is its label as the form showed it.
        household = (lambda k: unduhan.nilai[k]["label"]) if labels else (lambda k: k)
        lat, lon, alt, acc = r["lokasi"].split()
        sheet.append([
            r["start"], r["end"], int(r["unduhan"]), household(r["keluarga"]), value(r["status"]),
            value(r["lantai"]), int(r["luas_lantai"]), value(r["aset_motor"]),
            value(r["anggota_1"]), value(r["anggota_2"]), r["lokasi"], float(lat), float(lon),
            float(alt), float(acc), r["foto"], f"https://kf.example/media/{r['foto']}",
            1000 + i, r["id"][5:], "2026-12-01T02:00:00", "", "", "submitted_via_web",
            "enumerator1", "vAbC", "", i,
        ])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("labels", [False, True], ids=["nama-xml", "label"])
def test_a_kobo_xlsx_becomes_visits(office, labels):
    _, client, families = office
    _form(client)
    unduhan = Unduhan.objects.get()
    rows = [_submission(unduhan, f, n) for n, f in enumerate(families)]

    response = _import(client, _kobo_xlsx(rows, labels, unduhan), "verivali_-_all_versions.xlsx")

    assert response.status_code == 200, response.content.decode()
    assert "tanpa ZIP media" in response.content.decode()
    visits = KunjunganLapangan.objects.order_by("household_id")
    assert [v.sumber for v in visits] == ["kobo", "kobo"]
    assert visits[0].sesudah == {"lantai": "keramik", "luas_lantai": 40, "aset_motor": True}
    assert visits[0].anggota[str(families[0][2].pk)] == "pindah"
    assert visits[0].foto == "" and str(visits[0].bujur) == "114.590111"
    assert {str(v.kunci) for v in visits} == {INSTANCE.format(n)[5:] for n in range(2)}


def test_an_id_that_is_no_uuid_is_still_one_key(office):
    _, client, families = office
    _form(client)
    unduhan = Unduhan.objects.get()
    rows = [_submission(unduhan, families[0], 0, id="uuid:kiriman-tanpa-format-uuid")]

    for _ in range(2):
        assert _import(client, _central_csv(rows), "kiriman.csv").status_code == 200

    assert KunjunganLapangan.objects.count() == 1


def test_a_household_out_of_the_importers_region_is_refused(office, make_user):
    _, client, families = office
    _form(client)
    unduhan = Unduhan.objects.get()
    other = Client()
    other.force_login(make_user("operator.bjb", "operator_kabkota", "63.72"))

    response = _import(other, _central_csv([_submission(unduhan, families[0], 0)]), "k.csv")

    assert response.status_code == 422 and "di luar wilayah Anda" in response.content.decode()
    assert KunjunganLapangan.objects.count() == 0


def test_the_form_of_one_workers_work_holds_their_households_only(office, make_worker, make_family):
    _, client, _ = office
    make_worker("pendamping.p7", kode="P7")
    mine = make_family(KEC_A, pendamping="P7")
    pilar = Pilar.objects.get(nama="pendamping.p7")

    assert "pendamping.p7" in client.get("/lapangan/odk/").content.decode()
    response = client.post("/lapangan/odk/formulir/", {"petugas": str(pilar.pk)})

    assert response.status_code == 200
    households = [r for r in _cells(response.content)["choices"] if r["list_name"] == "keluarga"]
    assert [int(r["name"]) for r in households] == [mine[0].pk]


def test_a_photo_missing_from_the_media_zip_is_named_and_nothing_stored(office):
    _, client, families = office
    _form(client)
    unduhan = Unduhan.objects.get()
    rows = [_submission(unduhan, f, n) for n, f in enumerate(families)]

    response = _import(client, _central_csv(rows), "kiriman.csv", _media(rows[:1]))

    assert response.status_code == 422
    assert f"<td>3</td><td>foto</td><td>foto {rows[1]['foto']} tidak ada di ZIP media" in (
        response.content.decode()
    )
    assert KunjunganLapangan.objects.count() == 0
    broken = _import(client, _central_csv(rows), "kiriman.csv", b"bukan zip")
    assert broken.status_code == 422 and "bukan ZIP yang terbaca" in broken.content.decode()


def test_a_submission_edited_in_odk_central_is_still_the_same_visit(office):
    _, client, families = office
    _form(client)
    unduhan = Unduhan.objects.get()
    rows = [_submission(unduhan, families[0], 0)]
    assert _import(client, _central_csv(rows), "kiriman.csv").status_code == 200
    # Edited on the server: a new meta-instanceID, the same KEY.
    edited = [rows[0] | {"versi": INSTANCE.format(50), "lantai": "ubin"}]

    response = _import(client, _central_csv(edited), "kiriman.csv")

    assert response.status_code == 200 and "sudah pernah diimpor" in response.content.decode()
    assert KunjunganLapangan.objects.get().sesudah["lantai"] == "keramik"
