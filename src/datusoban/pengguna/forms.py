"""Forms of the user pages: a user's details (role, region, institutions), a password
reset, making a user nonaktif or active again, and the list's filter."""

from __future__ import annotations

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator

from datusoban.accounts import roles
from datusoban.accounts.scope import Scope
from datusoban.pengguna.access import institutions, regions
from datusoban.pengguna.actions import Details
from datusoban.reference.models import Region
from datusoban.web.labels import region_name

_INDENT = {Region.Level.PROVINSI: "", Region.Level.KABKOTA: "· ", Region.Level.KECAMATAN: "· · "}
_SANDI_HELP = (
    "Kosongkan agar sistem membuatkan kata sandi sementara, yang ditampilkan sekali saja. "
    "Pengguna wajib menggantinya saat masuk berikutnya."
)


def region_choices(bound: str) -> list[tuple[str, str]]:
    """The province, kab/kota and kecamatan inside ``bound``, each under its parent."""
    return [("", "— pilih wilayah —")] + [
        (r.kode, f"{_INDENT.get(r.level, '')}{r.kode} {r.nama}") for r in regions(bound)
    ]


class UserForm(forms.Form):
    username = forms.CharField(
        label="Nama pengguna", max_length=150, validators=[UnicodeUsernameValidator()],
        help_text="Dipakai untuk masuk: huruf, angka dan @ . + - _ saja, tanpa spasi.",
        error_messages={"required": "Nama pengguna wajib diisi."},
    )  # fmt: skip
    nama = forms.CharField(
        label="Nama lengkap", max_length=150,
        error_messages={"required": "Nama lengkap wajib diisi."},
    )  # fmt: skip
    email = forms.EmailField(
        label="Surel (opsional)", required=False,
        error_messages={"invalid": "Alamat surel tidak sah, mis. nama@dinsos.kalselprov.go.id."},
    )  # fmt: skip
    peran = forms.ChoiceField(
        label="Peran", choices=[("", "— pilih peran —"), *roles.choices()],
        error_messages={"required": "Pilih peran pengguna.",
                        "invalid_choice": "Peran %(value)s tidak dikenal."},
    )  # fmt: skip
    wilayah = forms.ChoiceField(
        label="Wilayah (cakupan data)",
        help_text="Provinsi, kab/kota atau kecamatan: pengguna hanya melihat data wilayah ini.",
        error_messages={
            "required": "Pilih wilayah pengguna.",
            "invalid_choice": "Wilayah %(value)s di luar cakupan Anda, atau bukan provinsi, "
            "kab/kota atau kecamatan.",
        },
    )  # fmt: skip
    lembaga = forms.TypedMultipleChoiceField(
        label="Lembaga (staf UPTD/LKS; opsional)", coerce=int, required=False,
        help_text="Staf UPTD atau LKS hanya menjangkau klien dan warga binaan lembaganya.",
        error_messages={"invalid_choice": "Lembaga %(value)s tidak ada atau di luar wilayah Anda."},
    )  # fmt: skip
    sandi = forms.CharField(
        label="Kata sandi sementara (opsional)", required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), help_text=_SANDI_HELP,
    )  # fmt: skip

    def __init__(self, *args, scope: Scope, creating: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].choices = region_choices(scope.wilayah)
        self.fields["lembaga"].choices = [
            (
                lembaga.pk,
                f"{lembaga.nama} ({lembaga.get_jenis_display()}, "
                f"{region_name(lembaga.kode_kabkota)})",
            )
            for lembaga in institutions(scope)
        ]
        self.fields["lembaga"].widget.attrs["size"] = 6
        if not creating:
            del self.fields["username"]
            del self.fields["sandi"]

    def details(self) -> Details:
        data = self.cleaned_data
        return Details(
            nama=data["nama"], email=data["email"], peran=data["peran"],
            wilayah=data["wilayah"], lembaga=tuple(data["lembaga"]),
        )  # fmt: skip


class ResetForm(forms.Form):
    sandi = forms.CharField(
        label="Kata sandi sementara (opsional)", required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), help_text=_SANDI_HELP,
    )  # fmt: skip


class StatusForm(forms.Form):
    aktif = forms.TypedChoiceField(
        choices=[("1", "Aktifkan"), ("0", "Nonaktifkan")], coerce=lambda v: v == "1",
        error_messages={"required": "Pilih aktifkan atau nonaktifkan.",
                        "invalid_choice": "Pilih aktifkan atau nonaktifkan."},
    )  # fmt: skip
    alasan = forms.CharField(label="Alasan (opsional)", max_length=200, required=False)


STATUSES = [("", "semua"), ("aktif", "Aktif"), ("nonaktif", "Nonaktif"), ("terkunci", "Terkunci")]


class FilterForm(forms.Form):
    cari = forms.CharField(label="Nama atau nama pengguna", max_length=150, required=False)
    peran = forms.ChoiceField(
        label="Peran", choices=[("", "semua"), *roles.choices()], required=False
    )
    status = forms.ChoiceField(label="Status", choices=STATUSES, required=False)
