"""Forms of the disaster pages: short, for a post's operator on a phone."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone

from datusoban.kasus import policy


def _section(name: str) -> list[tuple[str, str]]:
    return [
        (k, v["label"] if isinstance(v, dict) else v)
        for k, v in policy.disaster_rules()[name].items()
    ]


_DATE = forms.DateInput(attrs={"type": "date"})


class EventForm(forms.Form):
    nama = forms.CharField(label="Nama kejadian", max_length=160)
    jenis = forms.ChoiceField(label="Jenis bencana", choices=lambda: _section("jenis"))
    tanggal = forms.DateField(label="Tanggal kejadian", initial=timezone.localdate, widget=_DATE)
    desa = forms.CharField(
        label="Kode desa terdampak", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Satu kode per baris atau dipisah koma, mis. 63.03.06.2007.",
    )  # fmt: skip

    def clean_desa(self) -> list[str]:
        codes = [c for c in re.split(r"[\s,;]+", self.cleaned_data["desa"]) if c]
        if not codes:
            raise forms.ValidationError("Sebutkan paling sedikit satu desa terdampak.")
        return codes


class VictimForm(forms.Form):
    nama = forms.CharField(label="Nama korban", max_length=120)
    desa = forms.ChoiceField(label="Desa")
    kondisi = forms.ChoiceField(label="Kondisi", choices=lambda: _section("kondisi"))
    nik = forms.RegexField(label="NIK (bila ada)", regex=r"^\d{16}$", required=False,
                           widget=forms.TextInput(attrs={"inputmode": "numeric"}))  # fmt: skip
    no_kk = forms.RegexField(label="No. KK (bila ada)", regex=r"^\d{16}$", required=False,
                             widget=forms.TextInput(attrs={"inputmode": "numeric"}))  # fmt: skip

    def __init__(self, *args, desa: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desa"].choices = desa


class ImportForm(forms.Form):
    berkas = forms.FileField(
        label="Daftar korban (CSV atau XLSX, profil 'bencana')",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )


class StockForm(forms.Form):
    barang = forms.ChoiceField(label="Barang", choices=lambda: _section("barang"))
    jumlah = forms.IntegerField(label="Jumlah", min_value=1, max_value=10_000_000)
    asal = forms.CharField(label="Asal / donatur", max_length=120, required=False)


class DistributionForm(forms.Form):
    korban = forms.IntegerField(label="No. korban", min_value=1)
    barang = forms.ChoiceField(label="Barang", choices=lambda: _section("barang"))
    jumlah = forms.IntegerField(label="Jumlah", min_value=1, max_value=1_000, initial=1)


class TaganaForm(forms.Form):
    nama = forms.CharField(label="Nama anggota Tagana", max_length=120)
    nomor_anggota = forms.CharField(label="Nomor anggota", max_length=40, required=False)
    lokasi = forms.CharField(label="Lokasi tugas", max_length=160)
    mulai = forms.DateField(label="Mulai", initial=timezone.localdate, widget=_DATE)
    selesai = forms.DateField(label="Selesai", required=False, widget=_DATE)


class StepForm(forms.Form):
    aksi = forms.CharField(max_length=24, widget=forms.HiddenInput)
    catatan = forms.CharField(label="Catatan", max_length=300, required=False)


class VictimCorrectionForm(forms.Form):
    korban = forms.IntegerField(label="No. korban", min_value=1)
    nama = forms.CharField(label="Nama (bila salah)", max_length=120, required=False)
    kondisi = forms.ChoiceField(
        label="Kondisi (bila salah)", required=False,
        choices=lambda: [("", "— tetap —"), *_section("kondisi")],
    )  # fmt: skip
    desa = forms.CharField(label="Kode desa (bila salah)", max_length=20, required=False)
    alasan = forms.CharField(label="Alasan koreksi", max_length=300)


class VictimRemovalForm(forms.Form):
    korban = forms.IntegerField(label="No. korban", min_value=1)
    alasan = forms.CharField(label="Alasan penghapusan", max_length=300)


class StockCorrectionForm(forms.Form):
    barang = forms.ChoiceField(label="Barang", choices=lambda: _section("barang"))
    jumlah = forms.IntegerField(
        label="Koreksi jumlah", min_value=-10_000_000, max_value=10_000_000,
        help_text="Negatif bila stok sebenarnya lebih sedikit dari tercatat.",
    )  # fmt: skip
    alasan = forms.CharField(label="Alasan koreksi", max_length=300)
