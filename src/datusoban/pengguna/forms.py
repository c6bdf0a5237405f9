"""Forms of the user pages: a user's details (role, region, institutions), a password
reset, making a user nonaktif or active again, and the list's filter."""

from __future__ import annotations

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator

from datusoban.accounts import roles
from datusoban.accounts.scope import Scope
from datusoban.pengguna.access import institutions, regions
from datusoban.pengguna.actions import Details
from datusoban.pengguna.partners import DAYS, DEFAULT_DAYS
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


class TokenForm(forms.Form):
    """A token for a partner system: whose account it stands for, the system's name, how
    long it is valid."""

    pengguna = forms.TypedChoiceField(
        label="Akun sistem mitra", coerce=int,
        help_text="Token bertindak atas nama akun ini: peran dan wilayahnya menentukan data "
        "yang boleh dilihat sistem mitra.",
        error_messages={"required": "Pilih akun sistem mitra.",
                        "invalid_choice": "Akun %(value)s tidak ada, nonaktif, atau di luar "
                        "wilayah Anda."},
    )  # fmt: skip
    nama = forms.CharField(
        label="Nama sistem mitra", max_length=100,
        help_text="Mis. OpenSPP Dinsos Kota Banjarmasin.",
        error_messages={"required": "Nama sistem mitra wajib diisi.",
                        "max_length": "Nama sistem mitra paling panjang 100 karakter."},
    )  # fmt: skip
    hari = forms.TypedChoiceField(
        label="Masa berlaku", coerce=int, initial=DEFAULT_DAYS,
        choices=[(d, f"{d} hari") for d in DAYS],
        error_messages={"invalid_choice": "Pilih masa berlaku 30, 90, 180 atau 365 hari."},
    )  # fmt: skip

    def __init__(self, *args, holders, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pengguna"].choices = [("", "— pilih akun —")] + [
            (u.pk, f"{u.username} ({u.get_full_name() or 'tanpa nama'})") for u in holders
        ]


class KeyForm(forms.Form):
    """A partner system's signing public key and the sender_id it signs as."""

    sender_id = forms.CharField(
        label="Pengenal pengirim (sender_id)", max_length=200,
        help_text="Persis seperti yang ditulis sistem mitra di header setiap pesannya, "
        "mis. openspp.dinsos-banjarmasin.go.id.",
        error_messages={"required": "Pengenal pengirim (sender_id) wajib diisi.",
                        "max_length": "Pengenal pengirim paling panjang 200 karakter."},
    )  # fmt: skip
    kunci = forms.CharField(
        label="Kunci publik", strip=False, required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "mono"}),
        help_text="Kunci publik tanda tangan sistem mitra: JWK (teks JSON yang diawali {) "
        "atau PEM (diawali -----BEGIN PUBLIC KEY-----). Jangan pernah menempel kunci privat.",
    )  # fmt: skip
