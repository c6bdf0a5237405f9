"""The main menu: entries in groups, each shown to the users it is for.

Every page draws it, so it is built in Python from addresses resolved once per
process (a dozen ``reverse()`` calls per page took about a millisecond of a core).

To add a page to the menu, add one ``Entry(...)`` line to its group in ``MENU`` (or
between groups, for an entry of its own). A group is drawn only when one of its
entries is shown to the user; a group whose one entry bears its name is drawn as that link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from datusoban.accounts.scope import scope_of
from datusoban.penautan import review_access
from datusoban.pengguna import access as user_access
from datusoban.subjek.report import may_read
from datusoban.usulan.access import may_view as may_view_proposals
from datusoban.web.labels import region_name


def _everyone(user) -> bool:
    return True


def _has_scope(user) -> bool:
    return scope_of(user) is not None


def _may_read_subjects(user) -> bool:
    # The data subject's report: province administrators and auditors (subjek.report).
    return may_read(scope_of(user))


def _superuser(user) -> bool:
    return user.is_superuser


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str  # in the web namespace, or a name with its own namespace ("admin:index")
    # The pages it is the current entry for: these url names, or every name
    # starting with ``prefix``.
    current: tuple[str, ...] = ()
    prefix: str | None = None
    shown: Callable[..., bool] = _everyone

    def is_current(self, url_name: str | None) -> bool:
        if url_name is None:
            return False
        return url_name in self.current or bool(self.prefix and url_name.startswith(self.prefix))


@dataclass(frozen=True)
class Group:
    label: str
    entries: tuple[Entry, ...]


HOME = Entry("Beranda", "beranda", current=("beranda",))
LOG_IN = Entry("Masuk", "masuk")
# The menu, in order: an entry of its own (after HOME: a user's own work comes first), or a
# group of entries; one line adds a page: Entry("Label", "url_name", prefix=..., shown=...).
MENU: tuple[Entry | Group, ...] = (
    HOME,
    Entry("Tugas saya", "tugas", current=("tugas",)),
    Group("Registri", (
        Entry("Cari", "cari", current=("cari", "cari_ekspor", "orang", "keluarga")),
        Entry("Impor", "impor", current=("impor", "unggah", "proses", "batch", "tata_letak")),
        Entry("Penautan", "penautan", shown=review_access.may_view,
              current=("penautan", "pasangan", "keputusan", "gabung", "pisah")),
        Entry("Usulan", "usulan_daftar", prefix="usulan", shown=may_view_proposals),
        Entry("Catatan sipil", "crvs", prefix="crvs", shown=_has_scope),
        Entry("Kunjungan lapangan", "lapangan_kunjungan", prefix="lapangan", shown=_has_scope),
    )),
    Group("Program", (
        Entry("Sasaran", "sasaran", prefix="sasaran", shown=_has_scope),
        Entry("Program", "program", prefix="program", shown=_has_scope),
        Entry("P2K2", "p2k2", prefix="p2k2", shown=_has_scope),
        Entry("Pekerjaan", "pekerjaan", prefix="pekerjaan", shown=_has_scope),
    )),
    Group("Layanan", (
        Entry("Layanan", "layanan", prefix="layanan"),
    )),
    Group("Kasus", (
        Entry("Kasus", "kasus_daftar", prefix="kasus"),
        Entry("Sanggahan", "sanggahan_daftar", prefix="sanggahan"),
        Entry("Bencana", "bencana_daftar", prefix="bencana"),
    )),
    Group("Laporan", (
        Entry("Dasbor", "dasbor", current=("dasbor",)),
        Entry("Laporan", "laporan", current=("laporan",)),
    )),
    Group("Admin", (
        Entry("Pengguna", "pengguna", prefix="pengguna", shown=user_access.may_manage),
        Entry("Sistem mitra", "mitra", prefix="mitra", shown=user_access.may_manage),
        Entry("Laporan subjek data", "subjek", prefix="subjek", shown=_may_read_subjects),
        Entry("Situs admin", "admin:index", shown=_superuser),
    )),
)  # fmt: skip


@cache
def _address(url_name: str, script_prefix: str) -> str:
    # reverse() starts every address with the script prefix the server mounts the
    # app under: part of the cache key, though reverse() reads it itself.
    return reverse(url_name if ":" in url_name else f"web:{url_name}")


def visible(user) -> list[Entry | Group]:
    """The menu as ``user`` sees it: their entries, in groups that keep at least one."""
    if not user.is_authenticated:
        return [HOME, LOG_IN]
    shown: list[Entry | Group] = []
    for item in MENU:
        if isinstance(item, Entry):
            if item.shown(user):
                shown.append(item)
            continue
        entries = tuple(e for e in item.entries if e.shown(user))
        if len(entries) == 1 and entries[0].label == item.label:  # "Layanan" in "Layanan"
            shown.append(entries[0])
        elif entries:
            shown.append(Group(item.label, entries))
    return shown


def _link(entry: Entry, here: str | None, prefix: str) -> SafeString:
    return format_html(
        '<a href="{}"{}>{}</a>',
        _address(entry.url_name, prefix),
        SafeString(' aria-current="page"') if entry.is_current(here) else "",
        entry.label,
    )


def links(request: HttpRequest) -> SafeString:
    """The menu's items for ``request.user`` on the page ``request`` asks for: a link, or
    a group that opens (``<details>``, no script) on its entries' links."""
    match = request.resolver_match
    here = match.url_name if match is not None else None
    prefix = get_script_prefix()
    items = []
    for item in visible(request.user):
        if isinstance(item, Entry):
            items.append(format_html('<li class="item">{}</li>', _link(item, here, prefix)))
            continue
        current = any(e.is_current(here) for e in item.entries)
        inner = format_html_join(
            "", "<li>{}</li>", ((_link(e, here, prefix),) for e in item.entries)
        )
        items.append(
            format_html(
                '<li class="item group{}"><details><summary>{}</summary><ul>{}</ul></details></li>',
                " current" if current else "",
                item.label,
                inner,
            )
        )
    return format_html_join("\n      ", "{}", ((i,) for i in items))


def who(user) -> str:
    """Who is logged in, as the menu shows it: role and region, e.g.
    "Operator kab/kota · Kota Banjarmasin"; empty for a user without a role."""
    scope = scope_of(user)
    if scope is None:
        return ""
    return f"{scope.role.label} · {region_name(scope.wilayah)}"
