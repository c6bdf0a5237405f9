"""The main menu: one table of entries, each shown to the users it is for.

Every page draws it, so it is built in Python from addresses resolved once per
process (a dozen ``reverse()`` calls per page took about a millisecond of a core).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from datusoban.accounts.scope import scope_of
from datusoban.impor.authority import may_import
from datusoban.penautan import review_access
from datusoban.pengguna import access as user_access


def _everyone(user) -> bool:
    return True


def _has_scope(user) -> bool:
    return scope_of(user) is not None


def _may_upload(user) -> bool:
    return may_import(user)


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str  # in the web namespace
    # The pages it is the current entry for: these url names, or every name
    # starting with ``prefix``.
    current: tuple[str, ...] = ()
    prefix: str | None = None
    shown: Callable[..., bool] = _everyone

    def is_current(self, url_name: str | None) -> bool:
        if url_name is None:
            return False
        return url_name in self.current or bool(self.prefix and url_name.startswith(self.prefix))


HOME = Entry("Beranda", "beranda", current=("beranda",))
LOG_IN = Entry("Masuk", "masuk")
ENTRIES = (
    Entry("Tugas saya", "tugas", current=("tugas",)),
    Entry("Dasbor", "dasbor", current=("dasbor",)),
    Entry("Cari", "cari", current=("cari",)),
    Entry("Impor", "impor", current=("impor",)),
    Entry("Penautan", "penautan", current=("penautan",), shown=review_access.may_view),
    Entry("Layanan", "layanan", prefix="layanan"),
    Entry("Laporan", "laporan", current=("laporan", "subjek")),
    Entry("Kasus", "kasus_daftar", prefix="kasus"),
    Entry("Sanggahan", "sanggahan_daftar", prefix="sanggahan"),
    Entry("Bencana", "bencana_daftar", prefix="bencana"),
    Entry("Sasaran", "sasaran", prefix="sasaran", shown=_has_scope),
    Entry("Program", "program", prefix="program", shown=_has_scope),
    Entry("Pekerjaan", "pekerjaan", prefix="pekerjaan", shown=_has_scope),
    Entry("Unggah berkas", "unggah", shown=_may_upload),
    Entry("Pengguna", "pengguna", prefix="pengguna", shown=user_access.may_manage),
)


@cache
def _address(url_name: str, script_prefix: str) -> str:
    # reverse() starts every address with the script prefix the server mounts the
    # app under: part of the cache key, though reverse() reads it itself.
    return reverse(f"web:{url_name}")


def links(request: HttpRequest) -> SafeString:
    """The menu's links for ``request.user`` on the page ``request`` asks for."""
    user = request.user
    if user.is_authenticated:
        entries = [HOME, *(e for e in ENTRIES if e.shown(user))]
    else:
        entries = [HOME, LOG_IN]
    match = request.resolver_match
    here = match.url_name if match is not None else None
    prefix = get_script_prefix()
    return format_html_join(
        "\n      ",
        '<a href="{}"{}>{}</a>',
        (
            (
                _address(e.url_name, prefix),
                SafeString(' aria-current="page"') if e.is_current(here) else "",
                e.label,
            )
            for e in entries
        ),
    )
