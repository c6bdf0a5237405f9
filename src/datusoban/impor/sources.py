"""Which Source a file comes from: found or created from the operator's label."""

from __future__ import annotations

import re

from django.utils.text import slugify

from datusoban.impor.profiles import Profile
from datusoban.reference.models import Region
from datusoban.registri.models import Source


class SourceError(Exception):
    """The source label does not say enough (e.g. which kab/kota office)."""

    code = "sumber_tidak_jelas"


class ExplicitSourceRequiredError(SourceError):
    """A trusted kind of source (a national export) was not named by the importer."""

    code = "sumber_wajib"


# Kinds of source that must be named by whoever imports: a national export is the most
# trusted evidence the registry has (quality.padan measures other sources against it),
# so a file is not stored as one merely because the profile chosen says so; the
# operator states the source (CLI --source, the upload form's source, the API's sumber).
EXPLICIT_SOURCE_KINDS = frozenset({Source.Jenis.KEMENSOS})


def _kabkota_in(label: str) -> Region | None:
    code = re.search(r"\b63\.?(\d{2})\b", label)
    kabkota = Region.objects.filter(level=Region.Level.KABKOTA, parent_id="63")
    if code:
        return kabkota.filter(kode=f"63.{code.group(1)}").first()
    words = re.sub(r"[^a-z ]", " ", label.lower())
    for region in kabkota:
        place = re.sub(r"^(kabupaten|kota) ", "", region.nama.lower())
        if f" {place} " in f" {words} ":
            return region
    return None


def resolve_source(label: str | None, profile: Profile) -> Source:
    """The Source named by ``label``, or the profile's own. A new one is returned
    unsaved: the import saves it inside its transaction, so a refused or failed
    import leaves no source behind. A profile of a trusted kind (EXPLICIT_SOURCE_KINDS)
    has no default: ExplicitSourceRequiredError without a label."""
    if not (label or "").strip() and profile.jenis_sumber in EXPLICIT_SOURCE_KINDS:
        raise ExplicitSourceRequiredError(
            f"Profil '{profile.nama}' ({profile.label}) adalah ekspor nasional Kemensos, sumber "
            "yang paling dipercaya: sebutkan sumbernya dengan jelas (kolom Nama sumber di "
            "halaman unggah, --source di baris perintah, sumber di API), mis. "
            "'Kemensos DTSEN 2025'. Tanpa nama sumber berkas ini tidak diimpor."
        )
    # A label of spaces only names nothing: the profile's own, not a source called "".
    label = (label or "").strip() or profile.label
    if any(ord(c) < 32 or ord(c) == 127 for c in label):
        raise SourceError(
            "Nama sumber berisi karakter kendali (tak terlihat); ketik ulang namanya."
        )
    region = _kabkota_in(label)
    if profile.jenis_sumber == Source.Jenis.DINSOS_KABKOTA and region is None:
        raise SourceError(
            f"Sumber '{label}' tidak menyebut kabupaten/kota. Contoh: "
            "--source 'Dinsos Kota Banjarmasin' atau --source 'Dinsos 63.71'."
        )
    kode = slugify(label)[:60] or profile.nama
    existing = Source.objects.filter(kode=kode).first()
    if (
        existing is not None
        and existing.jenis in EXPLICIT_SOURCE_KINDS
        and profile.jenis_sumber != existing.jenis
    ):
        # Naming a national export's source must not make another kind of file one.
        raise ExplicitSourceRequiredError(
            f"Sumber '{existing.nama}' adalah ekspor nasional Kemensos; berkas dengan profil "
            f"'{profile.nama}' ({profile.label}) tidak dapat diimpor sebagai sumber itu. "
            "Sebutkan sumber lain, atau pilih profil ekspor nasional (dtsen, siks-ng) bila "
            "berkas ini memang ekspor Kemensos."
        )
    return existing or Source(kode=kode, nama=label, jenis=profile.jenis_sumber, wilayah=region)
