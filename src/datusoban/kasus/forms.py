"""Forms of the case pages: short, labelled above each field, usable on a phone."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from datusoban.kasus import policy
from datusoban.kasus.models import Persetujuan
from datusoban.layanan.models import Lembaga
from datusoban.reference.models import KategoriPPKS, Region


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Zero or more photos; their kind and size are checked by the case services."""

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def kecamatan_choices(wilayah: str) -> list[tuple[str, str]]:
    """The kecamatan of the user's region. A province user's are Kalimantan Selatan's: the
    reference data hold all of Indonesia's 7,285, which no form here should offer."""
    regions = Region.objects.filter(
        level=Region.Level.KECAMATAN, kode__startswith=f"{wilayah[:5]}."
    ).order_by("kode")
    if wilayah.count(".") == 2:
        regions = regions.filter(kode=wilayah)
    return [("", "— pilih kecamatan —")] + [(r.kode, r.nama) for r in regions]


def desa_choices(kecamatan: str) -> list[tuple[str, str]]:
    regions = Region.objects.filter(level=Region.Level.DESA, parent_id=kecamatan).order_by("nama")
    return [("", "— pilih desa/kelurahan —")] + [(r.kode, r.nama) for r in regions]


class CaseForm(forms.Form):
    kategori = forms.TypedChoiceField(label="Kategori PPKS", coerce=int)
    urgensi = forms.ChoiceField(label="Urgensi", choices=policy.urgency_choices, initial="sedang")
    kecamatan = forms.ChoiceField(label="Kecamatan")
    desa = forms.ChoiceField(label="Desa/kelurahan")
    alamat = forms.CharField(label="Alamat / patokan lokasi", max_length=200, required=False)
    nik = forms.RegexField(
        label="NIK orang yang bersangkutan (bila diketahui)", regex=r"^\d{16}$", required=False,
        error_messages={"invalid": "NIK terdiri dari 16 angka."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    nama_orang = forms.CharField(label="Nama (bila tidak ada NIK)", max_length=120, required=False)
    uraian = forms.CharField(label="Uraian masalah", widget=forms.Textarea(attrs={"rows": 4}))
    foto = PhotosField(
        label="Foto (opsional; JPG, PNG atau PDF)",
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )

    def __init__(self, *args, wilayah: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kategori"].choices = [("", "— pilih kategori —")] + [
            (c.kode, f"{c.kode}. {c.nama}") for c in KategoriPPKS.objects.order_by("kode")
        ]
        self.fields["kecamatan"].choices = kecamatan_choices(wilayah)
        self.fields["kecamatan"].widget.attrs.update(
            {"hx-get": reverse("web:kasus_desa"), "hx-target": "#id_desa", "hx-trigger": "change"}
        )
        kecamatan = self.data.get("kecamatan") if self.is_bound else None
        self.fields["desa"].choices = desa_choices(kecamatan) if kecamatan else [
            ("", "— pilih kecamatan dahulu —")
        ]  # fmt: skip


class StepForm(forms.Form):
    aksi = forms.CharField(max_length=24)
    catatan = forms.CharField(
        label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConsentForm(forms.Form):
    nama_pemberi = forms.CharField(label="Nama pemberi persetujuan", max_length=120)
    hubungan = forms.CharField(
        label="Hubungan dengan orang yang bersangkutan", max_length=40,
        help_text="Mis. yang bersangkutan, orang tua, wali.",
    )  # fmt: skip
    cara = forms.ChoiceField(label="Cara persetujuan", choices=Persetujuan.Cara.choices)


def _receiver_choices() -> list[tuple[str, str]]:
    return [(k, v["label"]) for k, v in policy.receiver_kinds().items()]


class ReferralForm(forms.Form):
    jenis = forms.ChoiceField(label="Dirujuk ke", choices=_receiver_choices)
    program = forms.CharField(
        label="Kode program (untuk rujukan ke program)", max_length=20, required=False
    )
    lembaga = forms.TypedChoiceField(
        label="LKS / UPTD terdaftar",
        coerce=int,
        required=False,
        empty_value=None,
        choices=lambda: _institutions(),
    )
    nama_penerima = forms.CharField(
        label="Nama lembaga / instansi (bila tidak terdaftar)", max_length=160, required=False
    )
    catatan = forms.CharField(
        label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def _institutions() -> list[tuple[str, str]]:
    found = Lembaga.objects.filter(jenis__in=["lks", "uptd"]).order_by("jenis", "nama")
    return [("", "— tidak terdaftar / instansi lain —")] + [
        (lembaga.pk, f"{lembaga.get_jenis_display()}: {lembaga.nama}") for lembaga in found
    ]


class DecisionForm(forms.Form):
    putusan = forms.ChoiceField(choices=[("terima", "Terima"), ("tolak", "Tolak")])
    alasan = forms.CharField(label="Alasan", required=False, max_length=500)
