"""Every page of the menu, and every page those link to, speaks plainly to every user.

As each role of roles.toml, in Kota Banjarmasin and province-wide, over the route matrix's
world (something of every kind, in two kab/kota): the menu's pages, the pages they link
to one level down and, below those, the records they open by number (a person, a family,
an institution), each read as its user sees it. A page fails on:

- an English word of the interface ("Submit", "None", "Page 2 of 5", …);
- a command name (``datusoban …``): pages never tell an officer to run one;
- a programme's or a service's code where its name belongs (``ALAT_BANTU``,
  ``dukungan_aksesibilitas``): codes of the catalogue's lists, matched as words;
- a region code with no region name beside it (``63.71`` alone).

A code may stand beside its label ("Kota Banjarmasin (63.71)"), or as secondary text
marked ``<span class="kode">``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.db import transaction

from datusoban.reference import catalogue
from datusoban.web.labels import plain, programme_name, programme_short, region_name

from .matrix_world import REGIONS, make_world

VIEWERS = [(kode, wilayah) for kode in (
    "admin_provinsi", "analis_provinsi", "operator_kabkota", "pendamping", "staf_layanan",
    "auditor",
) for wilayah in REGIONS]  # fmt: skip

# Words of an English interface that have no place on an Indonesian page: Django's and the
# browser's defaults (a missing label, a None rendered, a pager left in English).
ENGLISH = re.compile(
    r"\b(?:Submit|Save|Cancel|Delete|None|True|False|Page|Search|Next|Previous|Loading"
    r"|Error|Unknown|Yes|Download|Upload|Edit|Back|Home|Logout|Login)\b|\b\d+ of \d+\b|\bof\b"
)
COMMAND = re.compile(r"\bdatusoban [a-z_]+")
REGION_CODE = re.compile(r"(?<![\d.])63(?:\.\d{2}){1,3}(?:\.\d{4})?(?![\d.])")
# How far from a region code its name may stand ("Kota Banjarmasin (63.71)", a table row).
NEAR = 160
# Pages of a file's rows as received, to be corrected: a region code there is the file's.
AS_RECEIVED = re.compile(r"^/impor/batch/\d+/karantina/")
# Links not to follow: downloads, files, the way out, the site's own administration.
SKIP = re.compile(r"\.(?:xlsx|pdf|csv|png|jpg)$|/berkas/|/bukti/|^/keluar/|^/admin/|^/static/")


def _catalogue_codes() -> frozenset[str]:
    """The codes of the programme catalogue that are no word of their own: a programme's key
    with an underscore (ALAT_BANTU, RS_RTLH), and the snake_case values of its lists
    (components, devices, reasons to leave). PKH, BPNT, ATENSI are the programmes' names."""
    codes: set[str] = set()
    for version in catalogue.programme_versions():
        for kode, programme in version.program.items():
            if "_" in kode:
                codes.add(kode)
            for value in programme.values():
                items = value if isinstance(value, list) else []
                for item in items:
                    text = item.get("kode") if isinstance(item, dict) else item
                    if isinstance(text, str) and "_" in text:
                        codes.add(text)
    return frozenset(codes)


CODES = _catalogue_codes()
CODE = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, CODES), key=len, reverse=True)) + r")\b"
)


def visible_text(page: str) -> str:
    """What a reader sees of a page: no scripts, no tags (so no attributes, no hidden
    values), no code given as secondary text beside its label."""
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<span class="kode">[^<]*</span>', " ", page)
    # A source row as received (the person page): the file's own values, codes and all.
    page = re.sub(r'<table class="data received">.*?</table>', " ", page, flags=re.S)
    page = re.sub(r"<head>.*?</head>", " ", page, flags=re.S)
    # An <option> shows its text, a <select>'s name does not matter; tags become spaces.
    text = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(text))


def problems(text: str, *, as_received: bool = False) -> list[str]:
    """What is wrong with a page's text; ``as_received``: the page shows a file's rows as
    they came (quarantine), region codes as typed among them."""
    found = [f"kata Inggris {m.group(0)!r}" for m in ENGLISH.finditer(text)]
    found += [f"nama perintah {m.group(0)!r}" for m in COMMAND.finditer(text)]
    for m in CODE.finditer(text):
        if not _beside(text, m, *(f(m.group(0)) for f in (programme_name, programme_short, plain))):
            found.append(f"kode tanpa label {m.group(0)!r}")
    for m in REGION_CODE.finditer("" if as_received else text):
        if not _beside(text, m, region_name(m.group(0))):
            found.append(f"kode wilayah tanpa nama {m.group(0)!r}")
    return found


def _beside(text: str, match: re.Match, *labels: str) -> bool:
    """Whether one of a code's labels (not the code itself) stands near it."""
    window = text[max(0, match.start() - NEAR) : match.end() + NEAR].casefold()
    return any(label != match.group(0) and label.casefold() in window for label in labels)


def _links(page: str, part: str) -> Iterator[str]:
    """The addresses of the site's own pages linked from ``part`` ("nav" or "main")."""
    start = page.find(f"<{part}")
    end = page.find(f"</{part}>", start)
    if start < 0 or end < 0:
        return
    for href in re.findall(r'<a\b[^>]*\bhref="([^"#]+)"', page[start:end]):
        url = urlsplit(html.unescape(href))
        if url.scheme or url.netloc or not url.path.startswith("/") or SKIP.search(url.path):
            continue
        yield url.path + (f"?{url.query}" if url.query else "")


def _shape(path: str) -> str:
    """One page of each kind: /kasus/12/ and /kasus/13/ are read once, as are a page's
    filters and pages (its query)."""
    return re.sub(r"\d+", "N", path.split("?", 1)[0])


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    saved, settings.HOME = settings.HOME, tmp_path_factory.mktemp("home")
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield make_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            settings.HOME = saved


def _crawl(client, user) -> dict[str, list[str]]:
    """The menu's pages and what they link to, as ``user``: path -> what is wrong with it."""
    client.force_login(user)
    home = client.get("/").content.decode()
    menu_pages = list(dict.fromkeys(["/", *_links(home, "nav")]))
    seen: set[str] = set()
    wrong: dict[str, list[str]] = {}

    def read(path: str) -> str | None:
        if _shape(path) in seen:
            return None
        seen.add(_shape(path))
        response = client.get(path)
        assert response.status_code < 500, f"{path}: {response.status_code}"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            return None
        page = response.content.decode()
        found = problems(visible_text(page), as_received=bool(AS_RECEIVED.search(path)))
        if found:
            wrong[path] = sorted(set(found))
        return page

    # The menu's pages, the pages they link to, and below those the records they open
    # (a person, a family, an institution: what a list links to by number).
    level = menu_pages
    for depth in range(3):
        below: list[str] = []
        for path in level:
            page = read(path)
            if page is not None:
                below += _links(page, "main")
        level = [p for p in below if depth < 1 or re.search(r"/\d+/", p)]
    assert len(seen) > len(menu_pages)  # the crawl went below the menu
    client.logout()
    return wrong


@pytest.mark.django_db
@pytest.mark.parametrize(("kode", "wilayah"), VIEWERS, ids=[f"{k}-{w}" for k, w in VIEWERS])
def test_every_page_a_user_reaches_from_the_menu_speaks_plainly(client, world, kode, wilayah):
    with transaction.atomic():
        wrong = _crawl(client, world.user(kode, wilayah))
        transaction.set_rollback(True)
    assert wrong == {}, "\n".join(f"{path}: {'; '.join(found)}" for path, found in wrong.items())


def test_the_checks_find_what_they_look_for():
    def check(body: str) -> list[str]:
        return problems(
            visible_text(f"<html><head><title>x</title></head><body>{body}</body></html>")
        )

    assert check("<main><p>Page 2 of 5</p><p>Status: None</p></main>") == [
        "kata Inggris 'Page'", "kata Inggris '2 of 5'", "kata Inggris 'None'",
    ]  # fmt: skip
    assert check("<p>Jalankan datusoban rank</p>") == ["nama perintah 'datusoban rank'"]
    assert check("<p>Program ALAT_BANTU, layanan dukungan_aksesibilitas</p>") == [
        "kode tanpa label 'ALAT_BANTU'", "kode tanpa label 'dukungan_aksesibilitas'",
    ]  # fmt: skip
    assert check("<p>Wilayah 63.71.01</p>") == ["kode wilayah tanpa nama '63.71.01'"]
    # A code beside its label, or as secondary text, is what a page should show.
    assert check('<p>Alat bantu <span class="kode">ALAT_BANTU</span></p>') == []
    assert check("<p>ALAT_BANTU — Alat bantu penyandang disabilitas dan lanjut usia</p>") == []
    assert check("<p>Kota Banjarmasin (63.71)</p><p>No. KK 6371010101010001</p>") == []
