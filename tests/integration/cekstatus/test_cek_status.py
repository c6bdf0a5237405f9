"""The public status check (/cek-status/): what anyone may learn of a desa's people by name,
and what they may never learn."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from ipaddress import ip_network

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from datusoban.accounts.masking import mask_name_public
from datusoban.accounts.models import Account, AuditEvent
from datusoban.cekstatus import lookup, throttle
from datusoban.cekstatus.models import Throttle

from .village import CROWD, DESA, KABKOTA, KECAMATAN, NEXT_DOOR, make_village

pytestmark = pytest.mark.django_db
URL = "/cek-status/"
PROXY = "127.0.0.1"


@pytest.fixture(autouse=True)
def behind_proxy(settings):
    """Clients are told apart by the address the proxy vouches for."""
    settings.TRUSTED_PROXIES = (ip_network(PROXY),)
    settings.CEK_STATUS_PER_ALAMAT = 10
    settings.CEK_STATUS_GLOBAL = 600


@pytest.fixture(autouse=True)
def clock():
    """The clock stands still unless a test moves it: the throttle counts per minute."""
    with time_machine.travel(datetime(2026, 9, 2, 8, 0, 5, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def village():
    return make_village()


def citizen(address: str = "198.51.100.7") -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def ask(nama: str, desa: str = DESA, client: Client | None = None):
    data = {"kabkota": desa[:5], "kecamatan": desa[:8], "desa": desa, "nama": nama}
    return (client or citizen()).post(URL, data)


def shown(response) -> list[str]:
    """The masked names a page lists."""
    return re.findall(r'class="cek-nama-samar">([^<]*)<', response.content.decode())


def test_a_name_is_masked_to_two_letters_a_word():
    assert mask_name_public("Siti Marlina") == "SI** MA*****"
    assert mask_name_public("Moh. Rizky") == "MO** RI***"
    assert mask_name_public("  Ali  bin Abu ") == "AL* BI* AB*"


def test_the_region_is_chosen_step_by_step_with_plain_get_forms():
    page = Client().get(URL).content.decode()
    assert "Kota Banjarmasin" in page and 'name="kecamatan"' not in page
    assert 'name="nama"' not in page  # no name before a desa
    page = Client().get(URL, {"kabkota": KABKOTA}).content.decode()
    assert "Banjarmasin Selatan" in page and 'name="desa"' not in page
    page = Client().get(URL, {"kabkota": KABKOTA, "kecamatan": KECAMATAN}).content.decode()
    assert "Mantuil" in page and 'name="nama"' not in page
    page = Client().get(URL, {"kabkota": KABKOTA, "kecamatan": KECAMATAN, "desa": DESA})
    assert 'name="nama"' in page.content.decode()
    # A kecamatan of another kab/kota (a stale step after the kab/kota changed) is no choice.
    page = Client().get(URL, {"kabkota": "63.72", "kecamatan": KECAMATAN, "desa": DESA})
    assert 'name="nama"' not in page.content.decode()
    # Outside Kalimantan Selatan there is nothing to choose.
    page = Client().get(URL, {"kabkota": "31.71"}).content.decode()
    assert 'name="kecamatan"' not in page


def test_a_name_finds_the_living_adults_of_the_desa_with_their_programmes(village):
    response = ask("sit")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert sorted(shown(response)) == ["MA***** SI*****", "RU** SI******", "SI** AM****"]
    page = response.content.decode()
    assert "40–49 tahun" in page and "umur tidak diketahui" in page
    assert "PKH — menerima, tahap 3 2026" in page
    assert "BPNT — diusulkan" in page


def test_the_dead_the_moved_and_children_are_not_listed(village):
    for nama in ("Siti Maryam", "Siti Rahmah", "Siti Nurhaliza"):
        assert shown(ask(nama)) == [], nama
    assert "Tidak ada nama yang cocok" in ask("Siti Nurhaliza").content.decode()


def test_nothing_that_identifies_is_in_the_page(village):
    page = ask("siti aminah").content.decode()
    assert shown(ask("siti aminah")) == ["SI** AM****"]
    for secret in village.secrets:
        assert secret not in page, secret
    assert not re.search(r"\d{16}", page)
    assert "/orang/" not in page and "/keluarga/" not in page
    assert f'value="{village.siti.pk}"' not in page and "Aminah" not in page


def test_a_namesake_in_the_next_desa_is_not_shown(village):
    assert shown(ask("siti aminah")) == ["SI** AM****"]
    assert shown(ask("siti aminah", NEXT_DOOR)) == ["SI** AM****"]
    rows = AuditEvent.objects.filter(objek="orang").order_by("pk")
    assert [r.objek_id for r in rows] == [str(village.siti.pk), str(village.namesake.pk)]


def test_each_word_must_begin_a_word_of_the_name_in_any_order(village):
    assert shown(ask("aminah siti")) == ["SI** AM****"]
    assert shown(ask("Sit Ami")) == ["SI** AM****"]
    assert shown(ask("tina")) == []  # inside MARTINA, not its start
    assert shown(ask("usita")) == []  # inside PUSITA
    assert shown(ask("Hj. Siti Aminah")) == ["SI** AM****"]  # titles set aside


@pytest.mark.parametrize(
    "nama",
    ["", "   ", "a", "si", "S I T", "%", "%%%", "_", "___", "*", "si%", "s_t", "sit*", "?", "123",
     "6371015506850002", "Siti' OR '1'='1", "x" * 101],
)  # fmt: skip
def test_a_name_too_short_or_with_wildcards_is_refused_and_reads_nothing(village, nama):
    response = ask(nama)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="galat-nama"' in page, nama
    assert shown(response) == []
    assert not AuditEvent.objects.exists()
    assert not Throttle.objects.exists()


def test_the_refusals_say_what_to_write():
    with pytest.raises(Exception, match="3 huruf pertama"):
        lookup.name_words("si")
    with pytest.raises(Exception, match="tanpa angka"):
        lookup.name_words("si%")
    with pytest.raises(Exception, match="Tulis nama"):
        lookup.name_words("  ")


def test_more_than_ten_matches_list_nobody(village):
    response = ask("muh")
    page = response.content.decode()
    assert "Terlalu banyak yang cocok, tulis nama lebih lengkap." in page
    assert shown(response) == []
    assert len(shown(ask("muhammad aali"))) == 1
    assert CROWD > lookup.LIMIT
    row = AuditEvent.objects.order_by("pk").first()
    assert row.rincian["terlalu_banyak"] is True and row.objek_id == "" and row.nik is None


def test_a_query_without_a_desa_is_refused(village):
    response = Client().post(URL, {"kabkota": KABKOTA, "nama": "siti"})
    assert "Pilih kabupaten/kota, kecamatan dan desa/kelurahan" in response.content.decode()
    assert not AuditEvent.objects.exists()


def test_every_query_is_audited_without_the_askers_address_or_the_typed_name(village):
    ask("sit", client=citizen("203.0.113.9"))
    ask("zzz", client=citizen("203.0.113.9"))
    rows = list(AuditEvent.objects.order_by("pk"))
    assert len(rows) == 3 + 1  # one per person shown, one for the query that found nobody
    assert {r.nik for r in rows[:3]} >= {village.siti.nik}
    nobody = rows[3]
    assert nobody.objek_id == "" and nobody.nik is None and nobody.rincian["jumlah"] == 0
    for row in rows:
        assert row.aksi == "cari" and row.nama_pengguna == "(anonim)"
        assert row.alamat_ip is None
        assert row.rincian["layanan"] == "cek_status" and row.rincian["wilayah"] == DESA
        assert re.fullmatch(r"[0-9a-f]{32}", row.rincian["klien"])
        text = str(row.rincian).lower()
        assert "203.0.113.9" not in text and "sit" not in text.replace("jumlah", "")
    assert rows[0].rincian["jumlah"] == 3
    # The same client, the same key; another client, another key.
    assert rows[0].rincian["klien"] == rows[3].rincian["klien"]
    ask("zzz", client=citizen("203.0.113.10"))
    assert AuditEvent.objects.order_by("pk").last().rincian["klien"] != rows[0].rincian["klien"]


def test_one_address_is_throttled_alone(village, settings, clock):
    settings.CEK_STATUS_PER_ALAMAT = 3
    for _ in range(3):
        assert ask("siti").status_code == 200
    refused = ask("siti")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "Terlalu banyak pencarian" in refused.content.decode()
    assert shown(refused) == []
    assert AuditEvent.objects.filter(objek_id="").count() == 0
    assert ask("siti", client=citizen("198.51.100.8")).status_code == 200
    clock.shift(timedelta(minutes=1))
    assert ask("siti").status_code == 200


def test_everyone_together_is_throttled_and_one_address_does_not_use_it_up(
    village, settings, clock
):
    settings.CEK_STATUS_PER_ALAMAT = 2
    settings.CEK_STATUS_GLOBAL = 5
    hammer = citizen("192.0.2.1")
    statuses = [ask("siti", client=hammer).status_code for _ in range(20)]
    assert statuses == [200, 200] + [429] * 18
    answered = [ask("siti", client=citizen(f"198.51.100.{i}")).status_code for i in range(1, 6)]
    assert answered == [200, 200, 200, 429, 429]  # 2 of the hammer's + 3 = 5
    busy = ask("siti", client=citizen("198.51.100.99"))
    assert busy.status_code == 429 and "sedang ramai" in busy.content.decode()
    clock.shift(timedelta(minutes=1))
    assert ask("siti", client=citizen("198.51.100.99")).status_code == 200
    clock.shift(timedelta(minutes=5))
    ask("siti", client=citizen("198.51.100.99"))
    assert Throttle.objects.filter(menit__lt=datetime(2026, 9, 2, 8, 5, tzinfo=UTC)).count() == 0


def _prefixes(letters: str = "ABCDEFGHIJKLMNOPRSTUWY"):
    for a in letters:
        for b in letters:
            for c in letters:
                yield a + b + c


def test_a_desa_cannot_be_read_out_by_prefixes_from_one_address(village, settings):
    """A script trying every three-letter prefix from one address gets ten answers a
    minute: the 10,648 prefixes of these letters would take it more than 17 hours."""
    revealed, refused = set(), 0
    client = citizen("192.0.2.50")
    for tried, prefix in enumerate(_prefixes()):
        if tried == 200:
            break
        response = ask(prefix, client=client)
        if response.status_code == 429:
            refused += 1
        revealed.update(shown(response))
    assert refused == 200 - settings.CEK_STATUS_PER_ALAMAT
    assert AuditEvent.objects.values("rincian__klien").distinct().count() == 1


def test_a_desa_cannot_be_read_out_from_many_addresses(village, settings):
    """The same script spread over addresses meets the limit on everyone together."""
    settings.CEK_STATUS_GLOBAL = 50
    answered = 0
    for tried, prefix in enumerate(_prefixes()):
        if tried == 300:
            break
        response = ask(prefix, client=citizen(f"10.{tried // 250}.{tried % 250}.1"))
        answered += response.status_code == 200
    assert answered == 50


def test_wildcards_and_empty_names_cannot_list_a_desa(village):
    for nama in ("%", "_", "*", "", " ", "%%", "a%", "..."):
        response = ask(nama)
        assert shown(response) == [] and response.status_code == 200
    assert not AuditEvent.objects.exists()


def test_the_page_is_public_in_a_layout_without_menu_or_user(village):
    user = User.objects.create_user("operator.bjm", first_name="Operator Banjarmasin")
    Account.objects.create(user=user, peran="operator_kabkota", wilayah_id=KABKOTA)
    client = citizen()
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert "Operator Banjarmasin" not in page and 'class="menu"' not in page
    assert "Keluar" not in page and "Menu utama" not in page
    response = ask("siti aminah", client=client)
    assert shown(response) == ["SI** AM****"]
    # A logged-in user is named in the trail: they asked, not a citizen.
    assert AuditEvent.objects.get().nama_pengguna == "operator.bjm"


def test_a_user_who_must_change_their_password_may_still_open_it():
    user = User.objects.create_user("baru.bjm")
    Account.objects.create(
        user=user, peran="operator_kabkota", wilayah_id=KABKOTA, harus_ganti_sandi=True
    )
    client = Client()
    client.force_login(user)
    assert client.get(URL).status_code == 200
    assert client.get("/tugas/").status_code == 302  # nothing else opened


def test_the_login_page_links_to_it():
    page = Client().get("/masuk/").content.decode()
    assert f'href="{URL}"' in page


def test_the_client_key_is_a_keyed_hash_of_the_address(rf, settings):
    settings.TRUSTED_PROXIES = ()
    request = rf.get(URL, REMOTE_ADDR="198.51.100.7")
    key = throttle.client_key(request)
    assert "198" not in key and len(key) == 32
    settings.SECRET_KEY = "another-secret-key-that-is-long-enough-1234"
    assert throttle.client_key(request) != key
