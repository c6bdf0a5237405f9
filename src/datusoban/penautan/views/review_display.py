"""What the review pages show of a pair: both records side by side with the persons they
belong to, each comparison's evidence as a bar, and why the pair waits for a person.

Identifiers are masked and health columns hidden as the role says, by the same
functions as the person page (accounts.masking, web.disclosure).
"""

from __future__ import annotations

from dataclasses import dataclass

from datusoban.accounts.masking import identifier_for
from datusoban.accounts.roles import Role
from datusoban.penautan.evidence import Evidence, described
from datusoban.penautan.models import ReviewPair
from datusoban.penautan.review_queue import HELD_REASON
from datusoban.registri.models import Person, SourceRecord
from datusoban.web.disclosure import received_values

# A weight of this size fills half the bar (one side of the centre line); a pair with
# a larger one is drawn to its own scale. An exact, fitting NIK weighs about 14.
BAR_SCALE = 16.0


@dataclass(frozen=True)
class Bar:
    """One comparison with its bar: x and width in a 0–200 wide SVG, centre at 100."""

    bukti: Evidence
    x: str  # text with a decimal point whatever the locale: SVG reads no commas
    lebar: str

    @property
    def kelas(self) -> str:
        return "dukung" if self.bukti.mendukung else "lawan"


def evidence_bars(bukti: dict[str, dict]) -> list[Bar]:
    """Each comparison of ``bukti`` (ReviewPair.bukti) in words, with its bar."""
    rows = described(bukti)
    scale = max([BAR_SCALE, *(abs(r.bobot) for r in rows)])
    bars = []
    for row in rows:
        length = 100 * abs(row.bobot) / scale
        start = 100 if row.bobot >= 0 else 100 - length
        bars.append(Bar(row, f"{start:.2f}", f"{length:.2f}"))
    return bars


def prior_weight(pair: ReviewPair, bars: list[Bar]) -> float:
    """What the total weight holds beyond the comparisons shown: the prior (two random
    records being one person) and the term-frequency adjustments."""
    return pair.match_weight - sum(b.bukti.bobot for b in bars)


def reason(pair: ReviewPair) -> tuple[str, str]:
    """(kind, detail) of why the pair is in the queue rather than linked or dropped."""
    if pair.alasan == HELD_REASON:
        return (
            "Menyatukan dua orang yang sudah ada",
            "Tautan ini akan menggabungkan orang yang sudah tercatat di registri; "
            "penautan tidak melakukannya sendiri.",
        )
    if pair.alasan:
        return "Pola yang tidak pernah ditautkan otomatis", pair.alasan
    ambang = pair.run.ambang or {}
    low, high = ambang.get("review_probability"), ambang.get("match_probability")
    if low is None or high is None:
        return "Rentang tinjauan", "Peluangnya di bawah ambang tautan otomatis."
    return (
        "Rentang tinjauan",
        f"Peluangnya di antara ambang tinjauan ({low:.0%}) dan ambang tautan ({high:.0%}).",
    )


def _gender(code: str | None) -> str:
    return {"L": "Laki-laki", "P": "Perempuan"}.get(code or "", code or "")


def _record_values(role: Role, record: SourceRecord) -> list[str | None]:
    return [
        record.nama, identifier_for(role, record.nik), identifier_for(role, record.no_kk),
        _gender(record.jenis_kelamin), record.tanggal_lahir, record.kode_wilayah,
    ]  # fmt: skip


def _person_values(role: Role, person: Person | None) -> list[object]:
    if person is None:
        return [None] * len(PERSON_LABELS)
    return [
        person.nama, identifier_for(role, person.nik), _gender(person.jenis_kelamin),
        person.tanggal_lahir, person.tempat_lahir, person.nama_ibu_kandung,
        person.get_hubungan_keluarga_display() if person.hubungan_keluarga else "",
    ]  # fmt: skip


RECORD_LABELS = ("Nama", "NIK", "No. KK", "Jenis kelamin", "Tanggal lahir", "Kode wilayah")
PERSON_LABELS = (
    "Nama", "NIK", "Jenis kelamin", "Tanggal lahir", "Tempat lahir", "Nama ibu kandung",
    "Hubungan dalam keluarga",
)  # fmt: skip


def side(role: Role, record: SourceRecord) -> dict:
    """One record of a pair: where it came from, and the row as received, masked for ``role``."""
    batch = record.batch
    return {
        "id": record.pk,
        "sumber": batch.source.nama,
        "berkas": batch.nama_berkas,
        "batch_id": batch.pk,
        "baris": record.nomor_baris,
        "record_id": record.record_id,
        "orang_id": record.person_id,
        "nilai": received_values(role, record.data, (batch.laporan or {}).get("kolom_dipakai")),
    }


def side_by_side(role: Role, left: SourceRecord, right: SourceRecord) -> dict:
    """Rows of (label, left value, right value): the records' values in the registry's form,
    then the golden values of the person each record belongs to (None: not linked yet)."""
    lv, rv = _record_values(role, left), _record_values(role, right)
    lp, rp = _person_values(role, left.person), _person_values(role, right.person)
    return {
        "rekaman": [
            (label, a, b, a != b) for label, a, b in zip(RECORD_LABELS, lv, rv, strict=True)
        ],
        "orang": [(label, a, b, a != b) for label, a, b in zip(PERSON_LABELS, lp, rp, strict=True)],
    }
