"""Forms of the delivery network's pages: admitting a registry person, ending a service,
recording a service received. Field names follow the services' parameters, so that a
refusal (``RefusedError.field``) is shown next to the input it is about."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone

from datusoban.layanan.models import KlienLembaga, Lembaga, Pelatihan, Pilar
from datusoban.layanan.policy import atensi_components, section

_DATE = forms.DateInput(attrs={"type": "date"})
_PICK = "Pilih orang dari hasil pencarian."


def atensi_choices() -> list[tuple[str, str]]:
    return [(c, c.replace("_", " ").capitalize()) for c in atensi_components()]


def search_conditions(text: str) -> dict[str, str] | None:
    """A typed NIK (16 digits) or name as ``registri.search`` conditions; None: too short."""
    text = text.strip()
    if re.fullmatch(r"\d{16}", text):
        return {"nik": text}
    if len(text) >= 3 and not text.isdigit():
        return {"nama": text}
    return None


def typed_identifier(text: str) -> bool:
    """Whether a search text is a number (a NIK or part of one) rather than a name."""
    return text.strip().isdigit()


class PersonSearchForm(forms.Form):
    cari = forms.CharField(
        label="Cari orang (NIK atau nama)", max_length=120, required=False,
        help_text="NIK 16 angka, atau nama lengkap (ejaan lain dan gelar tidak mengapa).",
    )  # fmt: skip


class ClientAdmitForm(forms.Form):
    person = forms.IntegerField(
        label="Orang", widget=forms.HiddenInput, error_messages={"required": _PICK}
    )
    kebutuhan = forms.ChoiceField(label="Kebutuhan (komponen ATENSI)", choices=atensi_choices)
    mulai = forms.DateField(label="Tanggal mulai", initial=timezone.localdate, widget=_DATE)


class ResidentAdmitForm(forms.Form):
    person = forms.IntegerField(
        label="Orang", widget=forms.HiddenInput, error_messages={"required": _PICK}
    )
    masuk = forms.DateField(label="Tanggal masuk", initial=timezone.localdate, widget=_DATE)


class ClientEndForm(forms.Form):
    selesai = forms.DateField(label="Tanggal selesai", initial=timezone.localdate, widget=_DATE)
    alasan = forms.ChoiceField(label="Alasan", choices=KlienLembaga.AlasanSelesai.choices)


class ResidentServiceForm(forms.Form):
    komponen = forms.ChoiceField(label="Layanan (komponen ATENSI)", choices=atensi_choices)
    tanggal = forms.DateField(label="Tanggal", initial=timezone.localdate, widget=_DATE)
    keterangan = forms.CharField(
        label="Keterangan", max_length=200, required=False,
        help_text="Mis. jenis pelatihan keterampilan: menjahit, las, tata boga.",
    )  # fmt: skip


_WILAYAH_HELP = "Kab/kota, kecamatan atau desa dalam cakupan Anda, mis. 63.71.01."


class PilarForm(forms.Form):
    peran = forms.ChoiceField(label="Peran", choices=Pilar.Peran.choices)
    nama = forms.CharField(label="Nama", max_length=200)
    nik = forms.RegexField(
        label="NIK (bila ada)", regex=r"^\d{16}$", required=False,
        error_messages={"invalid": "NIK terdiri atas 16 angka."},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    wilayah = forms.CharField(label="Kode wilayah", max_length=13, help_text=_WILAYAH_HELP)
    telepon = forms.CharField(label="Telepon", max_length=20, required=False)
    email = forms.EmailField(label="Email", required=False)
    kode_pendamping = forms.CharField(
        label="Kode pendamping (PKH)", max_length=20, required=False,
        help_text="Kode dari sistem PKH; hanya untuk pendamping PKH.",
    )  # fmt: skip


class LembagaForm(forms.Form):
    jenis = forms.ChoiceField(label="Jenis", choices=Lembaga.Jenis.choices)
    kode = forms.CharField(label="Kode lembaga", max_length=30)
    nama = forms.CharField(label="Nama", max_length=200)
    wilayah = forms.CharField(label="Kode wilayah", max_length=13, help_text=_WILAYAH_HELP)
    alamat = forms.CharField(label="Alamat", max_length=200, required=False)
    telepon = forms.CharField(label="Telepon", max_length=20, required=False)
    email = forms.EmailField(label="Email", required=False)
    akreditasi = forms.ChoiceField(
        label="Akreditasi", choices=Lembaga.Akreditasi.choices, required=False
    )
    tanggal_akreditasi = forms.DateField(label="Tanggal akreditasi", required=False, widget=_DATE)
    kapasitas = forms.IntegerField(label="Kapasitas (orang)", min_value=0, required=False)
    layanan = forms.MultipleChoiceField(
        label="Layanan (komponen ATENSI)", choices=atensi_choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


class DeactivateForm(forms.Form):
    tanggal = forms.DateField(label="Nonaktif sejak", initial=timezone.localdate, widget=_DATE)


class CourseForm(forms.Form):
    kode = forms.SlugField(label="Kode", max_length=40, help_text="Mis. diklat-dasar-tksk.")
    nama = forms.CharField(label="Nama pelatihan", max_length=200)
    untuk_peran = forms.MultipleChoiceField(
        label="Mensertifikasi peran", choices=Pilar.Peran.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    masa_berlaku_tahun = forms.IntegerField(
        label="Masa berlaku sertifikat (tahun)", min_value=1, required=False,
        help_text="Kosong: masa berlaku baku kebijakan.",
    )  # fmt: skip


class SessionForm(forms.Form):
    pelatihan = forms.ModelChoiceField(label="Pelatihan", queryset=Pelatihan.objects.all())
    mulai = forms.DateField(label="Mulai", widget=_DATE)
    selesai = forms.DateField(label="Selesai", widget=_DATE)
    tempat = forms.CharField(label="Tempat", max_length=200)
    penyelenggara = forms.CharField(
        label="Penyelenggara", max_length=200, required=False,
        initial=lambda: section("pelatihan")["penyelenggara_baku"],
    )  # fmt: skip
    kode_kabkota = forms.RegexField(
        label="Untuk kab/kota", regex=r"^63\.\d{2}$", required=False,
        help_text="Kode kab/kota, mis. 63.71; kosong: seluruh provinsi.",
    )  # fmt: skip


_YA_TIDAK = [("ya", "Ya"), ("tidak", "Tidak")]


class ResultForm(forms.Form):
    hadir = forms.TypedChoiceField(
        label="Hadir", choices=_YA_TIDAK, coerce=lambda v: v == "ya", widget=forms.RadioSelect
    )
    lulus = forms.TypedChoiceField(
        label="Lulus", choices=_YA_TIDAK, coerce=lambda v: v == "ya", widget=forms.RadioSelect
    )


class RevokeForm(forms.Form):
    tanggal = forms.DateField(label="Dicabut pada", initial=timezone.localdate, widget=_DATE)
