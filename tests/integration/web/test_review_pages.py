"""The review pages: the queue and a pair scoped and masked as the API does, Terima and Tolak
by HTMX, merge and split forms, the decision log with undo; refusals in Bahasa Indonesia,
every read and decision in the audit trail. Pairs come from real synthetic files
(``linked_ab``: DTSEN linked, then DTKS linked incrementally)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission, User

from datusoban.accounts.models import Account, AuditEvent
from datusoban.penautan.models import Decision, ReviewPair
from datusoban.reference.models import Region
from datusoban.registri.models import Person, SourceRecord

from .review_pairs import make_pairs

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
# A full NIK or No KK anywhere in a page (masked ones carry bullets).
FULL_IDENTIFIER = re.compile(r"(?<!\d)63\d{14}(?!\d)")


def _log_in(client, peran: str, wilayah: str):
    # What the user may do comes from the role alone (roles.toml, izin).
    user = User.objects.create_user(f"{peran}.{wilayah}", first_name="Uji")
    Account.objects.create(user=user, peran=peran, wilayah_id=wilayah)
    client.force_login(user)
    return user


def _owners(pair: ReviewPair) -> tuple[int | None, int | None]:
    owner = dict(
        SourceRecord.objects.filter(pk__in=[pair.rekaman_l_id, pair.rekaman_r_id]).values_list(
            "pk", "person_id"
        )
    )
    return owner[pair.rekaman_l_id], owner[pair.rekaman_r_id]


def _kabkota(pair: ReviewPair) -> set[str]:
    return set(
        SourceRecord.objects.filter(pk__in=[pair.rekaman_l_id, pair.rekaman_r_id]).values_list(
            "person__household__kode_kabkota", flat=True
        )
    )


def _without_times(state: dict) -> dict:
    """A registry state with the persons' write times left out (two runs differ only there)."""
    orang = [{k: v for k, v in row.items() if k not in ("dibuat_pada", "diubah_pada")}
             for row in state["orang"]]  # fmt: skip
    tinjauan = [row[:2] for row in state["tinjauan"]]  # who and when decided aside
    return {**state, "orang": orang, "tinjauan": tinjauan}


def _two_record_person() -> tuple[int, list[int]]:
    owners: dict[int, list[int]] = {}
    for pk, owner in SourceRecord.objects.exclude(person=None).values_list("pk", "person_id"):
        owners.setdefault(owner, []).append(pk)
    return next((p, sorted(r)) for p, r in sorted(owners.items()) if len(r) >= 2)


@pytest.mark.parametrize(
    "url", ["/penautan/", "/penautan/pasangan/1/", "/penautan/keputusan/", "/penautan/gabung/",
            "/penautan/pisah/"],
)  # fmt: skip
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/?next=")


def test_the_queue_most_probable_first_with_names_reasons_and_audit(client, linked_ab):
    _log_in(client, "admin_provinsi", "63")
    response = client.get("/penautan/")
    assert response.status_code == 200
    page = response.content.decode()
    waiting = list(
        ReviewPair.objects.filter(status="menunggu").order_by("-match_probability", "pk")
    )
    assert waiting
    links = [int(n) for n in re.findall(r'href="/penautan/pasangan/(\d+)/"', page)]
    assert links == [p.pk for p in waiting][:25]
    first = SourceRecord.objects.get(pk=waiting[0].rekaman_l_id)
    assert first.nama in page and first.nik in page  # an administrator sees NIKs in full
    assert "Pola yang tidak pernah ditautkan otomatis" in page and "kembar" in page
    shown = AuditEvent.objects.filter(aksi="baca", objek="antrean_tinjauan")
    assert shown.count() == 2 * len(links)
    assert first.nik in set(shown.values_list("nik", flat=True))
    # Another status, and the tab it is on.
    decided = client.get("/penautan/?status=ditolak").content.decode()
    assert (
        "Tidak ada pasangan ditolak" in decided and "pasangan/" not in decided.split("antrean")[-1]
    )


def test_the_queue_shows_the_pairs_of_the_users_region_only_as_the_api_does(client, linked_ab):
    waiting = ReviewPair.objects.filter(status="menunggu")
    kabkota = sorted(k for p in waiting for k in _kabkota(p) if k)[0]
    expected = {p.pk for p in waiting if _kabkota(p) == {kabkota}}
    assert expected and len(expected) < waiting.count()
    _log_in(client, "operator_kabkota", kabkota)
    page = client.get("/penautan/").content.decode()
    listed = {int(n) for n in re.findall(r'href="/penautan/pasangan/(\d+)/"', page)}
    assert listed == expected
    api = client.get("/api/v1/penautan/tinjauan", {"limit": 500}).json()
    assert {p["id"] for p in api} == expected
    # Names of the pairs elsewhere are nowhere in the page.
    for pair in waiting.exclude(pk__in=expected):
        for record in SourceRecord.objects.filter(pk__in=[pair.rekaman_l_id, pair.rekaman_r_id]):
            assert record.nik not in page


def test_the_pair_page_shows_both_records_and_the_evidence_and_records_the_read(client, linked_ab):
    pair = ReviewPair.objects.order_by("-match_probability", "pk").first()
    _log_in(client, "admin_provinsi", "63")
    response = client.get(f"/penautan/pasangan/{pair.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    left = SourceRecord.objects.get(pk=pair.rekaman_l_id)
    assert left.nik in page and left.data["nama"] in page  # the row as received, in full
    # Every comparison in words, its weight, and its bar (attributes, not inline styles).
    for name, entry in pair.bukti.items():
        assert f'data-kolom="{name}"' in page
        assert f"{entry['bobot']:.2f}".replace(".", ",") in page
    assert "sama persis" in page and "nomor urut" in page
    bars = re.findall(r'<rect class="(dukung|lawan)" x="([\d.]+)" y="1" width="([\d.]+)"', page)
    assert len(bars) == len(pair.bukti)
    assert all(float(x) + float(w) <= 200.01 for _, x, w in bars)
    assert "style=" not in page
    assert 'id="terima"' in page and 'hx-post="/penautan/pasangan/' in page
    read = AuditEvent.objects.filter(aksi="baca", objek="pasangan_tinjauan")
    assert sorted(int(r) for r in read.values_list("objek_id", flat=True)) == sorted(
        [pair.rekaman_l_id, pair.rekaman_r_id]
    )
    persons = AuditEvent.objects.filter(aksi="baca", objek="orang").values_list("objek_id")
    assert {int(p) for (p,) in persons} == {p for p in _owners(pair) if p}


def test_an_analyst_sees_the_pair_masked_and_cannot_decide(client, linked_ab, registry_state):
    pair = ReviewPair.objects.order_by("-match_probability", "pk").first()
    before = registry_state()
    _log_in(client, "analis_provinsi", "63")
    page = client.get(f"/penautan/pasangan/{pair.pk}/").content.decode()
    left = SourceRecord.objects.get(pk=pair.rekaman_l_id)
    assert left.nama in page and left.nik[:6] + "••••••••" + left.nik[-2:] in page
    assert FULL_IDENTIFIER.findall(page) == []  # not in the values, nor in the rows as received
    assert 'id="terima"' not in page and "tidak mengambil keputusan" in page
    # The role changes no registry data, whatever its permissions say.
    for action in ("terima", "tolak"):
        refused = client.post(f"/penautan/pasangan/{pair.pk}/{action}/", **HTMX)
        assert refused.status_code == 403
        assert "tidak berhak mengambil keputusan" in refused.content.decode()
    keep, other = Person.objects.order_by("pk").values_list("pk", flat=True)[:2]
    merge = client.post("/penautan/gabung/", {"tetap": keep, "digabungkan": other})
    assert merge.status_code == 403 and "<html" in merge.content.decode()
    assert client.get("/penautan/pisah/").status_code == 403
    assert registry_state() == before and not Decision.objects.exists()


def test_without_the_decide_permission_deciding_is_forbidden(client, linked_ab):
    pair = ReviewPair.objects.first()
    _log_in(client, "analis_provinsi", "63")  # reads the queue; decides nothing
    assert client.get(f"/penautan/pasangan/{pair.pk}/").status_code == 200
    assert client.post(f"/penautan/pasangan/{pair.pk}/terima/").status_code == 403
    assert client.post("/penautan/keputusan/1/batal/").status_code == 403
    assert not Decision.objects.exists()


def test_without_any_review_permission_nothing_is_shown(client, linked_ab):
    user = _log_in(client, "pendamping", "63")
    # A permission granted by hand changes nothing: the role decides.
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_reviewpair"]))
    response = client.get("/penautan/")
    assert response.status_code == 403 and "Anda tidak berhak melihat data ini" in (
        response.content.decode()
    )
    assert ">Penautan</a>" not in client.get("/cari/").content.decode()  # no menu entry


def test_a_pair_outside_the_users_region_is_not_found(client, linked_ab, registry_state):
    pair = ReviewPair.objects.order_by("-match_probability", "pk").first()
    kabkota = set(
        Region.objects.filter(level=2, kode__startswith="63.").values_list("kode", flat=True)
    )
    elsewhere = sorted(kabkota - _kabkota(pair))[0]
    before = registry_state()
    _log_in(client, "operator_kabkota", elsewhere)
    response = client.get(f"/penautan/pasangan/{pair.pk}/")
    assert response.status_code == 404 and "Pasangan tidak ditemukan" in response.content.decode()
    assert client.post(f"/penautan/pasangan/{pair.pk}/terima/", **HTMX).status_code == 404
    left, right = _owners(pair)
    merge = client.post("/penautan/gabung/", {"tetap": left, "digabungkan": right})
    assert merge.status_code == 404 and "Orang tidak ditemukan" in merge.content.decode()
    assert client.get("/penautan/pisah/", {"orang": left}).status_code == 404
    # A number no database holds is not found either, not a server error.
    assert client.get(f"/penautan/pasangan/{2**64}/").status_code == 404
    assert registry_state() == before
    assert not AuditEvent.objects.filter(objek="pasangan_tinjauan").exists()


def test_terima_on_the_page_changes_the_registry_as_the_api_does(client, linked_ab, registry_state):
    pair = ReviewPair.objects.order_by("-match_probability", "pk").first()
    before = registry_state()
    _log_in(client, "admin_provinsi", "63")
    response = client.post(
        f"/penautan/pasangan/{pair.pk}/terima/", {"alasan": "NIK sama, cek KK"}, **HTMX
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    left, right = _owners(pair)
    assert left == right is not None
    assert "<html" not in fragment and f'href="/orang/{left}/"' in fragment
    decision = Decision.objects.get()
    assert (decision.jenis, decision.alasan) == ("terima", "NIK sama, cek KK")
    changes = AuditEvent.objects.filter(aksi="ubah", objek="keputusan_penautan")
    assert {c.objek_id for c in changes} == {str(decision.pk)} and all(c.nik for c in changes)
    by_page = _without_times(registry_state())
    # Twice is refused, in Bahasa Indonesia, where the result goes.
    again = client.post(f"/penautan/pasangan/{pair.pk}/terima/", **HTMX)
    assert again.status_code == 409 and "sudah diputus" in again.content.decode()

    undone = client.post(f"/penautan/keputusan/{decision.pk}/batal/", **HTMX)
    assert undone.status_code == 200 and "Dibatalkan oleh keputusan" in undone.content.decode()
    assert registry_state() == before
    api = client.post(
        f"/api/v1/penautan/tinjauan/{pair.pk}/terima", {"alasan": "API"},
        content_type="application/json",
    )  # fmt: skip
    assert api.status_code == 200
    assert _without_times(registry_state()) == by_page


def test_tolak_without_htmx_closes_the_pair_and_returns_to_it(client, linked_ab, registry_state):
    pair = ReviewPair.objects.order_by("pk").first()
    before = registry_state()
    _log_in(client, "operator_kabkota", sorted(_kabkota(pair))[0])
    response = client.post(f"/penautan/pasangan/{pair.pk}/tolak/", {"alasan": "beda ibu"})
    assert response.status_code == 302 and response["Location"] == f"/penautan/pasangan/{pair.pk}/"
    after = registry_state()
    assert after["orang"] == before["orang"] and after["rekaman"] == before["rekaman"]
    assert ReviewPair.objects.get(pk=pair.pk).status == "ditolak"
    page = client.get(response["Location"]).content.decode()
    assert "Keputusan #" in page and "Ditolak (orang berbeda) oleh operator_kabkota" in page
    assert 'id="terima"' not in page
    # A kab/kota operator decides within the region, but undoes province-wide only.
    decision = Decision.objects.get()
    refused = client.post(f"/penautan/keputusan/{decision.pk}/batal/", **HTMX)
    assert refused.status_code == 403 and "hanya di tingkat provinsi" in refused.content.decode()
    log = client.get("/penautan/keputusan/").content.decode()
    assert f'id="keputusan-{decision.pk}"' in log and "/batal/" not in log


def test_merge_through_the_form_then_undo_from_the_log(client, linked_ab, registry_state):
    keep, other = Person.objects.order_by("pk").values_list("pk", flat=True)[:2]
    moved = set(SourceRecord.objects.filter(person_id=other).values_list("pk", flat=True))
    before = registry_state()
    _log_in(client, "admin_provinsi", "63")
    person_page = client.get(f"/orang/{keep}/").content.decode()
    assert f'href="/penautan/gabung/?tetap={keep}"' in person_page
    assert f'href="/penautan/pisah/?orang={keep}"' in person_page
    form = client.get("/penautan/gabung/", {"tetap": keep}).content.decode()
    assert f'value="{keep}"' in form and 'method="get"' in form
    preview = client.get("/penautan/gabung/", {"tetap": keep, "digabungkan": other})
    page = preview.content.decode()
    assert preview.status_code == 200 and Person.objects.get(pk=other).nama in page
    assert 'method="post"' in page and registry_state() == before
    merged = client.post(
        "/penautan/gabung/", {"tetap": keep, "digabungkan": other, "alasan": "satu orang"}
    )
    assert merged.status_code == 302 and merged["Location"] == f"/orang/{keep}/"
    assert not Person.objects.filter(pk=other).exists()
    assert set(SourceRecord.objects.filter(person_id=keep).values_list("pk", flat=True)) >= moved
    decision = Decision.objects.get()
    assert decision.jenis == "gabung" and decision.alasan == "satu orang"
    log = client.get("/penautan/keputusan/").content.decode()
    assert (
        f"orang #{other} dihapus" in log
        and f'hx-post="/penautan/keputusan/{decision.pk}/batal/"' in log
    )
    undone = client.post(f"/penautan/keputusan/{decision.pk}/batal/", {"alasan": "keliru"})
    assert undone.status_code == 302 and registry_state() == before
    log = client.get("/penautan/keputusan/").content.decode()
    assert f"dibatalkan oleh #{decision.pk + 1}" in log


def test_split_through_the_form_then_undo(client, linked_ab, registry_state):
    person, records = _two_record_person()
    before = registry_state()
    _log_in(client, "admin_provinsi", "63")
    chooser = client.get("/penautan/pisah/").content.decode()
    assert 'id="form-pilih-orang"' in chooser
    form = client.get("/penautan/pisah/", {"orang": person}).content.decode()
    for pk in records:
        assert f'value="{pk}"' in form
    assert AuditEvent.objects.filter(objek="rekaman_sumber", aksi="baca").count() == len(records)
    everything = client.post("/penautan/pisah/", {"orang": person, "rekaman": records})
    assert everything.status_code == 409 and "sisakan" in everything.content.decode()
    none = client.post("/penautan/pisah/", {"orang": person})
    assert none.status_code == 400 and "Pilih paling sedikit satu rekaman" in none.content.decode()
    split = client.post("/penautan/pisah/", {"orang": person, "rekaman": records[1:]})
    assert split.status_code == 302
    new = Decision.objects.get().rincian["orang_baru"]
    assert split["Location"] == f"/orang/{new}/"
    assert (
        sorted(SourceRecord.objects.filter(person_id=new).values_list("pk", flat=True))
        == (records[1:])
    )
    assert "Rekaman dipisahkan dari orang" in client.get(split["Location"]).content.decode()
    client.post(f"/penautan/keputusan/{Decision.objects.get().pk}/batal/", **HTMX)
    assert registry_state() == before


def test_undo_is_refused_while_a_later_decision_stands_and_says_which(client, linked_ab):
    keep, other, third = Person.objects.order_by("pk").values_list("pk", flat=True)[:3]
    _log_in(client, "admin_provinsi", "63")
    client.post("/penautan/gabung/", {"tetap": keep, "digabungkan": other})
    client.post("/penautan/gabung/", {"tetap": keep, "digabungkan": third})
    first, later = Decision.objects.order_by("pk")
    refused = client.post(f"/penautan/keputusan/{first.pk}/batal/", **HTMX)
    message = refused.content.decode()
    assert refused.status_code == 409 and "batalkan yang lebih baru lebih dulu" in message
    assert f"#{later.pk}" in message and "Traceback" not in message
    full = client.post(f"/penautan/keputusan/{first.pk}/batal/")
    assert full.status_code == 409 and "<html" in full.content.decode()
    assert client.post(f"/penautan/keputusan/{later.pk}/batal/", **HTMX).status_code == 200
    assert client.post(f"/penautan/keputusan/{first.pk}/batal/", **HTMX).status_code == 200
    assert Person.objects.filter(pk__in=[keep, other, third]).count() == 3


def test_bad_input_is_refused_in_bahasa(client, linked_ab):
    _log_in(client, "admin_provinsi", "63")
    wrong = client.post("/penautan/gabung/", {"tetap": "satu", "digabungkan": 2**70})
    page = wrong.content.decode()
    assert wrong.status_code == 400 and page.count('<span class="error">') == 2
    assert "Masukkan keseluruhan angka" in page and "Pastikan nilai ini lebih kecil" in page
    assert client.get("/penautan/?halaman=999999999999&status=x").status_code == 200
    assert client.get("/penautan/keputusan/?halaman=-3").status_code == 200
    assert client.get("/penautan/pasangan/1/terima/").status_code == 405
    assert not Decision.objects.exists()


def test_numbers_of_a_thousand_and_more_are_written_without_a_separator(client, people):
    """The locale groups thousands (5.806): ids in links, element ids and HTMX targets must
    stay plain numbers, or the links lead nowhere and HTMX finds no target."""
    review = make_pairs(people)
    pair = ReviewPair.objects.create(
        id=123456, run=review.inside.run, rekaman_l=review.inside.rekaman_r,
        rekaman_r=review.outside.rekaman_r, match_probability=0.7, match_weight=1.2,
        bukti=review.inside.bukti,
    )  # fmt: skip
    Decision.objects.create(
        id=54321, jenis="gabung", oleh="uji", rincian={"tetap": 7777, "digabungkan": 7778},
        sebelum={"orang": [{"id": 7777}, {"id": 7778}],
                 "rekaman": [{"id": 8888, "person_id": 7778}]},
        sesudah={"orang": [{"id": 7777}], "rekaman": [{"id": 8888, "person_id": 7777}]},
    )  # fmt: skip
    person = Person.objects.create(id=44444, nama="Uji Ribuan", nama_kunci="UJI RIBUAN")
    _log_in(client, "admin_provinsi", "63")
    queue = client.get("/penautan/").content.decode()
    assert 'href="/penautan/pasangan/123456/"' in queue and "#123456" in queue
    page = client.get("/penautan/pasangan/123456/").content.decode()
    assert 'hx-post="/penautan/pasangan/123456/terima/"' in page
    assert "Pasangan #123456" in page and f"Rekaman #{pair.rekaman_l_id}" in page
    assert "3,20" in page  # weights keep the locale's decimal comma
    log = client.get("/penautan/keputusan/").content.decode()
    assert 'id="keputusan-54321"' in log and 'hx-target="#batal-54321"' in log
    assert "rekaman #8888: orang #7778 → " in log and "orang #7778 dihapus" in log
    person_page = client.get(f"/orang/{person.pk}/").content.decode()
    assert 'href="/penautan/pisah/?orang=44444"' in person_page
    assert 'href="/penautan/gabung/?tetap=44444"' in person_page


def test_deciding_needs_the_csrf_token_the_pair_page_carries(linked_ab):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    pair = ReviewPair.objects.order_by("pk").first()
    _log_in(client, "admin_provinsi", "63")
    page = client.get(f"/penautan/pasangan/{pair.pk}/").content.decode()
    forged = client.post(f"/penautan/pasangan/{pair.pk}/tolak/", **HTMX)
    assert forged.status_code == 403 and not Decision.objects.exists()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    decided = client.post(
        f"/penautan/pasangan/{pair.pk}/tolak/", {"csrfmiddlewaretoken": token}, **HTMX
    )
    assert decided.status_code == 200 and Decision.objects.get().jenis == "tolak"
