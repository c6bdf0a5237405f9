"""Forms of the review pages: a decision's reason, merging two persons, splitting records out.

They check the shape of the input only; whether the persons exist, may be seen and
may be merged or split is for linkage.review_access and linkage.decisions to say.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest

# A database key: positive and within a 64-bit integer (a wild number is refused by
# the form instead of overflowing the database driver).
_ID = {"min_value": 1, "max_value": 2**63 - 1}
# Page numbers beyond this are refused rather than passed to the database as an offset.
_LAST_PAGE = 100_000


def page_number(request: HttpRequest) -> int:
    """The ``halaman`` asked for, 1 when missing or not a number (Paginator bounds it)."""
    try:
        return min(max(1, int(request.GET.get("halaman", "1"))), _LAST_PAGE)
    except ValueError:
        return 1


class ReasonForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan (opsional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Dicatat bersama keputusan, mis. “NIK sama, cek KK”.",
    )


class MergeForm(ReasonForm):
    tetap = forms.IntegerField(
        label="Orang yang tetap (nomor orang)",
        help_text="Semua rekaman pindah ke orang ini.",
        **_ID,
    )
    digabungkan = forms.IntegerField(
        label="Orang yang digabungkan (nomor orang)",
        help_text="Orang ini dihapus setelah rekaman, PPKS dan keluarganya pindah.",
        **_ID,
    )
    field_order = ("tetap", "digabungkan", "alasan")


class PersonForm(forms.Form):
    """The person whose records are to be split (the first step of splitting)."""

    orang = forms.IntegerField(label="Nomor orang", **_ID)


class SplitForm(ReasonForm):
    orang = forms.IntegerField(widget=forms.HiddenInput, **_ID)
    rekaman = forms.TypedMultipleChoiceField(
        label="Rekaman yang dipisahkan menjadi orang baru",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pilih paling sedikit satu rekaman."},
    )
    field_order = ("orang", "rekaman", "alasan")

    def __init__(self, *args, records: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rekaman"].choices = records
