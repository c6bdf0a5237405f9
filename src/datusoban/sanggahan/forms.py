"""Forms of the grievance pages (sanggahan)."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone

from datusoban.kasus import policy
from datusoban.kasus.forms import MultipleFileInput, PhotosField, desa_choices, kecamatan_choices
from datusoban.program.rules import exit_reasons, reason_label
from datusoban.reference.models import Program


def _section(name: str) -> list[tuple[str, str]]:
    return [
        (k, v["label"] if isinstance(v, dict) else v)
        for k, v in policy.grievance_rules()[name].items()
    ]


class GrievanceForm(forms.Form):
    kategori = forms.ChoiceField(label="Kategori", choices=lambda: _section("kategori"))
    kecamatan = forms.ChoiceField(label="Kecamatan")
    desa = forms.ChoiceField(label="Desa/kelurahan", required=False)
    nik = forms.RegexField(
        label="NIK orang yang disanggah / diusulkan", regex=r"^\d{16}$", required=False,
        error_messages={"invalid": "NIK terdiri dari 16 angka."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    program = forms.ChoiceField(label="Program", required=False)
    uraian = forms.CharField(label="Isi sanggahan", widget=forms.Textarea(attrs={"rows": 4}))
    nama_pelapor = forms.CharField(
        label="Nama pelapor (kosongkan bila anonim)", max_length=120, required=False
    )
    kontak_pelapor = forms.CharField(label="Kontak pelapor", max_length=120, required=False)
    diterima = forms.DateField(
        label="Tanggal diterima", initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    bukti = PhotosField(
        label="Bukti (opsional; JPG, PNG atau PDF)", required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )  # fmt: skip

    def __init__(self, *args, wilayah: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = kecamatan_choices(wilayah)
        self.fields["kecamatan"].widget.attrs.update(
            {"hx-get": reverse("web:kasus_desa"), "hx-target": "#id_desa", "hx-trigger": "change"}
        )
        kecamatan = self.data.get("kecamatan") if self.is_bound else None
        self.fields["desa"].choices = desa_choices(kecamatan) if kecamatan else [
            ("", "— pilih kecamatan dahulu —")
        ]  # fmt: skip
        self.fields["program"].choices = [("", "— tidak terkait program —")] + [
            (p.kode, f"{p.kode} — {p.nama}") for p in Program.objects.order_by("kode")
        ]


class VerifyForm(forms.Form):
    hasil = forms.ChoiceField(label="Hasil verifikasi", choices=lambda: _section("hasil"))
    tindak_lanjut = forms.ChoiceField(
        label="Tindak lanjut", choices=lambda: _section("tindak_lanjut")
    )
    alasan = forms.ChoiceField(label="Alasan keluar (bila dikeluarkan)", required=False)
    catatan = forms.CharField(
        label="Catatan / koreksi data", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    tanggal_status = forms.DateField(
        label="Tanggal meninggal / pindah (bila ditandai di registri)", required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip

    def __init__(self, *args, program: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        reasons = exit_reasons(program) if program else ()
        self.fields["alasan"].choices = [("", "—")] + [(r, reason_label(r)) for r in reasons]
