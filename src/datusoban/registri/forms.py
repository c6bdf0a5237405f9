"""The registry search form: the conditions of ``registri.search``, checked with messages
in Bahasa Indonesia."""

from __future__ import annotations

import re

from django import forms
from django.core.cache import cache
from django.core.validators import RegexValidator
from django.http import QueryDict

from datusoban.accounts.scope import PROVINCE, Scope
from datusoban.reference.models import Region
from datusoban.registri.search import NAME_TOO_SHORT, name_too_short

# A NIK or a No. KK singles out a person or a family: a search by one travels in the
# body of a POST, never in an address, which access logs, browser history and Referer
# headers keep. Names, regions, ages and sex are not identifiers: such a search keeps
# an address of its own (bookmarks, reloading, paging by links).
IDENTIFIERS = ("nik", "no_kk")
IN_ADDRESS = (
    "NIK dan No. KK tidak dikirim lewat alamat halaman, karena alamat tercatat di log "
    "server dan riwayat peramban. Ketik NIK atau No. KK di formulir, lalu tekan Cari."
)

_HOLDS_SIXTEEN_DIGITS = re.compile(r"\d{16}")
_SIXTEEN_DIGITS = RegexValidator(r"^\d{16}$", "Harus 16 angka, tanpa spasi atau tanda baca.")


# The province's kab/kota change by decree, not between two searches: their names are
# read at most once per this many seconds per process, not on every search page.
KABKOTA_CACHE_SECONDS = 300


def _kabkota() -> list[tuple[str, str]]:
    regions = Region.objects.filter(level=Region.Level.KABKOTA, parent_id=PROVINCE)
    return list(regions.order_by("kode").values_list("kode", "nama"))


def kabkota_choices(scope: Scope | None) -> list[tuple[str, str]]:
    """The kab/kota a user may search in: all 13 province-wide, otherwise their own."""
    regions = cache.get_or_set("web.kabkota", _kabkota, KABKOTA_CACHE_SECONDS)
    if scope is not None and scope.wilayah != PROVINCE:
        regions = [(kode, nama) for kode, nama in regions if kode == scope.wilayah[:5]]
    return [("", "— semua dalam cakupan —"), *regions]


class SearchForm(forms.Form):
    nik = forms.CharField(label="NIK", required=False, validators=[_SIXTEEN_DIGITS])
    no_kk = forms.CharField(label="No. KK", required=False, validators=[_SIXTEEN_DIGITS])
    nama = forms.CharField(
        label="Nama",
        required=False,
        min_length=3,
        max_length=200,
        help_text=(
            "Sebagian nama pun, kata dalam urutan dan ejaan apa pun: “Fatimah Evi” "
            "menemukan “Evi Fatimah”, “Moh.” menemukan “Muhammad”."
        ),
        error_messages={"min_length": "Nama paling sedikit 3 huruf."},
    )
    kode_wilayah = forms.ChoiceField(label="Kabupaten/kota", required=False)
    jenis_kelamin = forms.ChoiceField(
        label="Jenis kelamin",
        required=False,
        choices=[("", "— semua —"), ("L", "Laki-laki"), ("P", "Perempuan")],
    )
    umur_min = forms.IntegerField(label="Umur dari", required=False, min_value=0, max_value=130)
    umur_maks = forms.IntegerField(label="Umur sampai", required=False, min_value=0, max_value=130)

    def __init__(self, *args, scope: Scope | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kode_wilayah"].choices = kabkota_choices(scope)
        for name in ("nik", "no_kk"):
            self.fields[name].widget.attrs.update(inputmode="numeric", autocomplete="off")
        for name in ("umur_min", "umur_maks"):
            self.fields[name].widget.attrs.update(inputmode="numeric")

    def clean_nama(self) -> str:
        nama = self.cleaned_data["nama"].strip()
        if nama and name_too_short(nama):
            raise forms.ValidationError(NAME_TOO_SHORT)
        return nama

    def clean_nik(self) -> str:
        return self.cleaned_data["nik"].strip()

    def clean_no_kk(self) -> str:
        return self.cleaned_data["no_kk"].strip()

    def clean(self) -> dict:
        data = super().clean()
        low, high = data.get("umur_min"), data.get("umur_maks")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError("“Umur dari” lebih besar daripada “Umur sampai”.")
        return data


def form_values(data: QueryDict) -> QueryDict:
    """The search conditions ``data`` holds (no page, purpose or CSRF token)."""
    kept = QueryDict(mutable=True)
    for name in SearchForm.base_fields:
        if data.get(name):
            kept[name] = data[name]
    return kept


def has_identifier(data: QueryDict | dict) -> bool:
    """Whether ``data`` searches by NIK or No. KK, or holds one (16 digits) elsewhere."""
    return any(data.get(name) for name in IDENTIFIERS) or any(
        _HOLDS_SIXTEEN_DIGITS.search(str(value)) for value in data.values()
    )


def address_query(data: QueryDict) -> str:
    """The conditions of ``data`` as a query string, identifiers left out."""
    kept = form_values(data)
    for name in IDENTIFIERS:
        kept.pop(name, None)
    return kept.urlencode()
