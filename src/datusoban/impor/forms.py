"""Forms of the import pages; every message the operator sees is in Bahasa Indonesia."""

from __future__ import annotations

import json

from django import forms
from django.conf import settings

from datusoban.impor.profiles import CANONICAL, UnknownProfileError, profile_by_name
from datusoban.impor.saved_profiles import profile_choices
from datusoban.impor.sources import ExplicitSourceRequiredError, SourceError, resolve_source
from datusoban.registri.models import Source
from datusoban.web.uploads import UploadRefusedError, check_upload

_ACCEPT = ".csv,.txt,.tsv,.xlsx"


def _profile_choices() -> list[tuple[str, str]]:
    # No profile preselected: importing under the wrong one is an easy mistake.
    return [("", "— pilih profil —"), *profile_choices()]


class UploadForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas (CSV atau XLSX)",
        widget=forms.ClearableFileInput(attrs={"accept": _ACCEPT}),
    )
    profil = forms.ChoiceField(label="Profil pemetaan", choices=_profile_choices)
    sumber = forms.CharField(
        label="Nama sumber (opsional)",
        required=False,
        max_length=160,
        help_text="Mis. “Dinsos Kota Banjarmasin”; kosong: nama profil, kecuali untuk ekspor "
        "nasional (DTSEN, SIKS-NG) yang sumbernya wajib disebut. Berkas perbaikan diunggah "
        "dengan profil dan sumber yang sama.",
    )

    def clean_berkas(self):
        uploaded = self.cleaned_data["berkas"]
        try:
            check_upload(uploaded, settings.UPLOAD_MAX_BYTES)
        except UploadRefusedError as exc:
            raise forms.ValidationError(str(exc)) from None
        return uploaded

    def clean(self):
        data = super().clean()
        if "profil" in data and "sumber" not in self.errors:
            try:
                # The source the file will be imported under: the page authorises the
                # user against it before the job is queued.
                self.origin = resolve_source(
                    data.get("sumber") or None, profile_by_name(data["profil"])
                )
            except UnknownProfileError as exc:
                self.add_error("profil", str(exc))
            except ExplicitSourceRequiredError as exc:
                self.add_error("sumber", str(exc))
            except SourceError:
                self.add_error(
                    "sumber",
                    "Profil ini untuk register Dinas Sosial kabupaten/kota: sebutkan kab/kotanya "
                    "di nama sumber, mis. “Dinsos Kota Banjarmasin” atau “Dinsos 63.71”.",
                )
        return data


class SampleForm(forms.Form):
    berkas = forms.FileField(
        label="Contoh berkas dengan tata letak baru",
        widget=forms.ClearableFileInput(attrs={"accept": _ACCEPT}),
    )

    def clean_berkas(self):
        uploaded = self.cleaned_data["berkas"]
        try:
            check_upload(uploaded, settings.UPLOAD_MAX_BYTES)
        except UploadRefusedError as exc:
            raise forms.ValidationError(str(exc)) from None
        return uploaded


class SaveProfileForm(forms.Form):
    """Name the profile and confirm, field by field, which header of the file feeds it."""

    nama = forms.SlugField(
        label="Nama profil",
        max_length=40,
        help_text="Huruf kecil, angka dan tanda hubung, mis. “register-lansia-hss”.",
    )
    label = forms.CharField(label="Keterangan", max_length=120)
    jenis = forms.ChoiceField(
        label="Jenis sumber",
        # A field visit enters the registry only through the office's acceptance
        # (lapangan.source): a file may not claim its place in the survivorship order.
        choices=[c for c in Source.Jenis.choices if c[0] != Source.Jenis.LAPANGAN],
        initial=Source.Jenis.LAINNYA,
    )
    kolom_berkas = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, headers: list[str], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        self.fields["kolom_berkas"].initial = json.dumps(headers, ensure_ascii=False)
        choices = [("", "— tidak ada —"), *((h, h) for h in headers)]
        for field in CANONICAL:
            self.fields[f"kolom_{field}"] = forms.ChoiceField(
                label=field, choices=choices, required=False
            )

    def mapping(self) -> dict[str, str]:
        chosen = {f: self.cleaned_data.get(f"kolom_{f}") for f in CANONICAL}
        return {f: header for f, header in chosen.items() if header}

    def field_rows(self):
        return [self[f"kolom_{f}"] for f in CANONICAL]


def headers_from_post(data) -> list[str]:
    """The file's headers carried through the save form; anything odd gives none."""
    try:
        headers = json.loads(data.get("kolom_berkas") or "[]")
    except ValueError:
        return []
    if not isinstance(headers, list) or len(headers) > 200:
        return []
    return [h for h in headers if isinstance(h, str)]


# A cell of a corrected row: the reader's own limit (128 KiB) is far beyond any field.
CELL_LENGTH = 1_000


class CorrectionForm(forms.Form):
    """A quarantined row's editable values (correction.editable), one text input each."""

    versi = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, fields, formulas: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.row_fields = fields
        if formulas:
            self.fields["rumus_diperiksa"] = forms.BooleanField(
                label="Nilai kolom yang berasal dari rumus Excel sudah saya periksa dan benar",
                required=False,
            )
        for f in fields:
            self.fields[f.name] = forms.CharField(
                label=f.label, required=False, max_length=CELL_LENGTH, strip=False,
                initial=f.shown,
                error_messages={"max_length": f"Isian terlalu panjang (paling banyak "
                                              f"{CELL_LENGTH} karakter)."},
            )  # fmt: skip

    def values(self) -> dict[str, str]:
        """Form name → the text sent (call after is_valid())."""
        return {f.name: self.cleaned_data.get(f.name) or "" for f in self.row_fields}

    def formulas_checked(self) -> bool:
        return bool(self.cleaned_data.get("rumus_diperiksa"))


class DismissForm(forms.Form):
    """Tolak: a quarantined row that cannot be fixed, and why."""

    versi = forms.CharField(widget=forms.HiddenInput)
    alasan = forms.CharField(
        label="Alasan baris ditolak", max_length=500,
        error_messages={"required": "Tuliskan alasan baris ini ditolak."},
    )  # fmt: skip
