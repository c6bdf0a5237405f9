"""Profiles operators save for layouts Datu Soban did not know: the one way to save one,
shared by `datusoban profile save` and the web page for a new layout."""

from __future__ import annotations

from datusoban.impor.models import SavedProfile
from datusoban.impor.profiles import REQUIRED, shipped_profiles, valid_profile_name
from datusoban.registri.models import Source


class ProfileSaveError(ValueError):
    """The profile cannot be saved as asked; the message says why, in Bahasa Indonesia."""


def save_profile(
    name: str, mapping: dict[str, str], *, label: str, jenis: str, user: str
) -> SavedProfile:
    """Save (or replace) the operator's profile ``name``: interchange field -> file header."""
    if not valid_profile_name(name) or name in shipped_profiles():
        raise ProfileSaveError(
            f"Nama profil '{name}' tidak boleh dipakai: pakai huruf kecil, angka dan tanda "
            "hubung, dan bukan nama profil bawaan."
        )
    missing = [f for f in REQUIRED if not mapping.get(f)]
    if missing:
        raise ProfileSaveError(
            "Kolom nama tidak ditemukan; profil tanpa kolom nama tidak bisa dipakai."
        )
    if jenis not in Source.Jenis.values:
        raise ProfileSaveError(f"Jenis sumber '{jenis}' tidak dikenal.")
    if jenis == Source.Jenis.LAPANGAN:
        raise ProfileSaveError(
            "Jenis sumber 'lapangan' hanya untuk kunjungan lapangan yang diterima kantor, "
            "bukan untuk berkas yang diimpor."
        )
    saved, _ = SavedProfile.objects.update_or_create(
        nama=name,
        defaults={
            "label": label,
            "isi": {
                "jenis_sumber": jenis,
                "kolom": {field: [header] for field, header in mapping.items() if header},
            },
            "dibuat_oleh": user,
        },
    )
    return saved


def profile_choices() -> list[tuple[str, str]]:
    """(name, label) of every profile an import can use: shipped ones, then saved ones."""
    shipped = sorted((n, p.label) for n, p in shipped_profiles().items())
    saved = SavedProfile.objects.order_by("nama").values_list("nama", "label")
    return [*shipped, *((n, f"{label} (disimpan)") for n, label in saved)]
