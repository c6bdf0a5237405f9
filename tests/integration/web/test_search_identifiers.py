"""No NIK or No. KK in an address: the search page posts them (CSRF-checked), and no
address it draws or pushes (links, next page, export, back, redirects, HX-Push-Url)
carries one: a search by NIK or No. KK is kept in the session under a random key, a
search by name keeps its conditions in its address; an old address holding a NIK gets
the page with a message, not results."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from datusoban.accounts.models import AuditEvent
from datusoban.identity.names import name_key
from datusoban.registri.models import Household, Membership, Person
from datusoban.registri.views import kept_searches

from .people import OTHER_NIK, RIZKY_KK, RIZKY_NIK, log_in_as

pytestmark = pytest.mark.django_db
SIXTEEN_DIGITS = re.compile(r"\d{16}")
_ADDRESS = re.compile(r'(?:href|action|src|hx-get|hx-post|hx-push-url)="([^"]*)"')


def addresses(response) -> list[str]:
    """Every address a response gives the browser: in its HTML and its headers."""
    found = _ADDRESS.findall(response.content.decode())
    for header in ("Location", "HX-Push-Url", "HX-Redirect", "HX-Location", "HX-Replace-Url"):
        if response.has_header(header):
            found.append(response[header])
    return found


def with_identifier(response) -> list[str]:
    return [a for a in addresses(response) if SIXTEEN_DIGITS.search(a)]


def test_the_search_form_is_posted_with_a_csrf_token(client, people):
    user = log_in_as(client, "operator_kabkota", "63.71")
    page = client.get("/cari/").content.decode()
    form = page[page.index('<form class="form search panel" id="form-cari"') :]
    form = form[: form.index("</form>")]
    assert 'method="post"' in form and 'hx-post="/cari/"' in form
    assert 'name="csrfmiddlewaretoken"' in form and "hx-get" not in form
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post("/cari/", {"nik": RIZKY_NIK}).status_code == 403  # no token
    assert not AuditEvent.objects.exists()


def test_a_nik_search_gets_an_address_holding_a_key_not_the_nik(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    # Without HTMX: post, redirect, get; searched (and recorded) once, at the address.
    posted = client.post("/cari/", {"nik": RIZKY_NIK, "nama": ""})
    assert posted.status_code == 303 and with_identifier(posted) == []
    address = posted["Location"]
    assert re.fullmatch(r"/cari/\?hasil=[\w-]{8}", address)
    assert not AuditEvent.objects.exists()
    page = client.get(address)
    assert f'href="/orang/{people.rizky.pk}/"' in page.content.decode()
    assert with_identifier(page) == []
    # Reloaded (or reached by the back button): the same search again, recorded again.
    assert f'href="/orang/{people.rizky.pk}/"' in client.get(address).content.decode()
    rows = AuditEvent.objects.filter(aksi="cari")
    assert list(rows.values_list("nik", flat=True)) == [RIZKY_NIK, RIZKY_NIK]
    # With HTMX: the results in place, the key's address pushed into the history.
    swapped = client.post("/cari/", {"nik": RIZKY_NIK}, headers={"HX-Request": "true"})
    assert f'href="/orang/{people.rizky.pk}/"' in swapped.content.decode()
    assert re.fullmatch(r"/cari/\?hasil=[\w-]{8}", swapped["HX-Push-Url"])
    assert swapped["HX-Push-Url"] != address and with_identifier(swapped) == []


def test_the_pages_of_a_no_kk_search_are_linked_by_its_key(client, people):
    family = Household.objects.create(wilayah_id="63.71.01.1001", no_kk="6371010101109999")
    for n in range(25):
        person = Person.objects.create(
            nama=f"Anggota {n:02d}", nama_kunci=name_key(f"Anggota {n:02d}"), household=family
        )
        Membership.objects.create(person=person, household=family, hubungan="lain")
    log_in_as(client, "operator_kabkota", "63.71")
    htmx = {"HX-Request": "true"}
    first = client.post("/cari/", {"no_kk": family.no_kk}, headers=htmx)
    page = first.content.decode()
    assert "25 orang ditemukan" in page and "halaman 1 dari 2" in page
    assert with_identifier(first) == []
    key = first["HX-Push-Url"].split("hasil=")[1]
    assert f'hx-get="/cari/?hasil={key}&amp;halaman=2"' in page
    second = client.get("/cari/", {"hasil": key, "halaman": 2}, headers=htmx)
    assert second.content.decode().count(">Anggota ") == 5
    assert with_identifier(second) == []
    assert AuditEvent.objects.filter(aksi="cari").count() == 25  # 20 + 5, each shown once


def test_a_key_is_good_in_its_own_session_only_and_for_the_latest_searches(client, people):
    user = log_in_as(client, "operator_kabkota", "63.71")
    first = client.post("/cari/", {"nik": RIZKY_NIK})["Location"]
    someone_else = Client()
    someone_else.force_login(user)  # the same user in another browser: another session
    for browser in (someone_else, client):
        if browser is client:
            for _ in range(kept_searches.KEPT):  # twenty later searches
                client.post("/cari/", {"no_kk": RIZKY_KK})
        response = browser.get(first)
        page = response.content.decode()
        assert response.status_code == 200 and 'id="hasil-tidak-tersedia"' in page
        assert "Moh. Rizky" not in page and not SIXTEEN_DIGITS.search(page)
    assert not AuditEvent.objects.filter(nik=RIZKY_NIK).exists()
    client.logout()
    assert client.get(first).status_code == 302  # to the login page


def test_a_search_by_name_gets_an_address_of_its_own(client, people):
    log_in_as(client, "operator_kabkota", "63.71")
    # Without HTMX: post, redirect, get; searched (and recorded) once, at the address.
    posted = client.post("/cari/", {"nama": "Muhammad Rizky", "nik": "", "no_kk": ""})
    assert posted.status_code == 303 and posted["Location"] == "/cari/?nama=Muhammad+Rizky"
    assert not AuditEvent.objects.exists()
    page = client.get(posted["Location"]).content.decode()
    assert f'href="/orang/{people.rizky.pk}/"' in page
    assert AuditEvent.objects.filter(aksi="cari").count() == 1
    # With HTMX: the results in place, the address pushed into the history.
    swapped = client.post("/cari/", {"nama": "Muhammad Rizky"}, headers={"HX-Request": "true"})
    assert swapped["HX-Push-Url"] == "/cari/?nama=Muhammad+Rizky"
    assert 'id="hasil-cari"' in swapped.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"nik": RIZKY_NIK}, {"no_kk": RIZKY_KK}, {"nama": RIZKY_NIK},
     {"nik": OTHER_NIK, "kode_wilayah": "63.71"}],
    ids=["nik", "no_kk", "nik-as-name", "nik-and-region"],
)  # fmt: skip
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_an_old_address_with_an_identifier_gets_a_message_not_results(client, people, query, htmx):
    log_in_as(client, "operator_kabkota", "63.71")
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get("/cari/", query, headers=headers)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="pengenal-di-alamat"' in page
    assert "Ketik NIK atau No. KK di formulir" in page
    assert "Moh. Rizky" not in page and 'id="hasil-cari"' not in page
    assert not SIXTEEN_DIGITS.search(page)  # not even back in the search box
    assert not AuditEvent.objects.exists()  # nothing was searched


@pytest.mark.django_db(transaction=True)
def test_a_kept_search_costs_one_statement_that_does_not_wait_for_the_disk(client, people):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite in WAL mode (synchronous=NORMAL) does not wait for the disk")
    log_in_as(client, "operator_kabkota", "63.71")
    client.get("/cari/")  # the session as it is between two searches
    htmx = {"HX-Request": "true"}
    with CaptureQueriesContext(connection) as done:
        found = client.post("/cari/", {"nik": RIZKY_NIK}, headers=htmx)
    sessions = [q["sql"] for q in done.captured_queries if "django_session" in q["sql"]]
    writes = [sql for sql in sessions if not sql.startswith("SELECT")]
    assert len(writes) == 1 and writes[0].startswith('UPDATE "django_session"')
    assert writes[0].endswith("RETURNING set_config('synchronous_commit', 'off', true)")
    assert not [q for q in done.captured_queries if q["sql"] in ("BEGIN", "COMMIT")]
    assert "sessionid" not in found.cookies  # written already: the middleware has no more to do
    # Written: another request (another connection's view of the row) finds the search.
    again = Client()
    again.cookies = client.cookies
    page = again.get(found["HX-Push-Url"]).content.decode()
    assert f'href="/orang/{people.rizky.pk}/"' in page
