"""The public status check itself: who of one desa a typed name finds, and what anyone may
be told about them.

The rule (docs/DOMAIN.md, "Public status check"): a desa/kelurahan and a name as on the
KTP. Each typed word must begin a word of the person's name, in any order, in the
spelling the name key folds to ("sit" finds SITI AMINAH, "aminah siti" too; "tina" does
not find SITI MARTINA). A name needs a typed word of MIN_LETTERS letters or more, and
only letters and the marks names are written with: a wildcard (%, _, *), a digit, an
empty or too-short name is refused before anything is read. More than LIMIT matches list
nobody: the name must be written more fully. Whom the public may see at all (the living
adults of the desa) is decided by ``accounts.scope.public``.

Each person is told as a masked name, an age band and, per programme, the status of
their latest enrolment (their own or their family's) and its latest paid stage. Never
a NIK, No KK, birth date, address, health data, nor any id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Max, Q

from datusoban.accounts.masking import mask_name_public
from datusoban.accounts.scope import public
from datusoban.identity.names import name_key
from datusoban.program.models import Kepesertaan, TahapBayar
from datusoban.refusal import RefusedError
from datusoban.registri.models import Person
from datusoban.registri.search import word_prefixes

LIMIT = 10
MIN_LETTERS = 3
MAX_LENGTH = 100
# Besides letters (of any script: the name key folds them), the marks a KTP name is
# written with. Everything else (wildcards, digits, symbols) is refused, not ignored.
MARKS = frozenset(" .,'’`-")
_LETTERS = re.compile(r"[^\W\d_]+")

NAMA_KOSONG = "Tulis nama seperti di KTP."
NAMA_TANDA = (
    "Nama hanya boleh berisi huruf, spasi, titik, koma, tanda petik dan tanda hubung "
    "(tanpa angka atau tanda seperti %, _ atau *)."
)
NAMA_PENDEK = (
    f"Tulis paling sedikit {MIN_LETTERS} huruf pertama dari salah satu kata nama "
    "(mis. “Sit” untuk Siti)."
)
NAMA_PANJANG = f"Nama paling panjang {MAX_LENGTH} karakter."
TERLALU_BANYAK = "Terlalu banyak yang cocok, tulis nama lebih lengkap."

# The enrolment statuses as a citizen says them.
STATUS = {
    Kepesertaan.Status.DIUSULKAN: "diusulkan",
    Kepesertaan.Status.DIVERIFIKASI: "sedang diverifikasi",
    Kepesertaan.Status.TERDAFTAR: "menerima",
    Kepesertaan.Status.DITANGGUHKAN: "ditangguhkan",
    Kepesertaan.Status.KELUAR: "tidak lagi menerima",
}
# Age bands of ten years from 30; adults only are public (accounts.scope.public).
BANDS = ((18, 29), (30, 39), (40, 49), (50, 59), (60, 69), (70, 79))


@dataclass(frozen=True)
class Programme:
    nama: str  # the programme's code: the page shows its label
    status: str
    periode: str  # "tahap 3 2026", or empty


@dataclass(frozen=True)
class Found:
    nama: str  # masked
    umur: str
    program: tuple[Programme, ...]


@dataclass
class Answer:
    orang: list[Found] = field(default_factory=list)
    terlalu_banyak: bool = False
    # The people read, (id, NIK), for the audit trail only: never shown.
    subjek: list[tuple[str, str | None]] = field(default_factory=list)


def name_words(nama: str) -> tuple[str, ...]:
    """The words of a typed name as the name key spells them; refused (``field`` nama)
    when empty, too long, with a mark no name has, or without a word of MIN_LETTERS
    letters as typed (a key may lengthen a word: "St" is SITI)."""
    nama = nama.strip()
    if not nama:
        raise RefusedError("nama_kosong", NAMA_KOSONG, field="nama")
    if len(nama) > MAX_LENGTH:
        raise RefusedError("nama_terlalu_panjang", NAMA_PANJANG, field="nama")
    if not all(c.isalpha() or c in MARKS for c in nama):
        raise RefusedError("nama_tidak_valid", NAMA_TANDA, field="nama")
    words = tuple(dict.fromkeys(name_key(nama).split()))
    typed = max((len(w) for w in _LETTERS.findall(nama)), default=0)
    if typed < MIN_LETTERS or not words:
        raise RefusedError("nama_terlalu_pendek", NAMA_PENDEK, field="nama")
    return words


def check(desa: str, nama: str, today: date) -> Answer:
    """Whom ``nama`` finds among the people of ``desa`` the public may see (see module)."""
    words = name_words(nama)
    people = word_prefixes(public(Person.objects.all(), desa, as_of=today), words)
    rows = list(
        people.order_by("nama_kunci", "pk").values(
            "pk", "nik", "nama", "tanggal_lahir", "household_id"
        )[: LIMIT + 1]
    )
    if len(rows) > LIMIT:
        return Answer(terlalu_banyak=True)
    programmes = _programmes(rows)
    return Answer(
        orang=[
            Found(
                mask_name_public(r["nama"]),
                age_band(r["tanggal_lahir"], today),
                programmes[r["pk"]],
            )
            for r in rows
        ],
        subjek=[(str(r["pk"]), r["nik"]) for r in rows],
    )


def age_band(born: date | None, today: date) -> str:
    """ "40–49 tahun"; "80 tahun ke atas"; "umur tidak diketahui" without a birth date."""
    if born is None:
        return "umur tidak diketahui"
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    for low, high in BANDS:
        if low <= age <= high:
            return f"{low}–{high} tahun"
    return "80 tahun ke atas" if age >= 80 else "di bawah 18 tahun"


def _programmes(rows: list[dict]) -> dict[int, tuple[Programme, ...]]:
    """Per person: for each programme, their latest enrolment (their own, or their
    family's) with its latest paid stage; by the programme's code."""
    if not rows:
        return {}
    people = {r["pk"] for r in rows}
    families = {r["household_id"] for r in rows}
    paid = Q(tahap__status=TahapBayar.Status.DIBAYAR)
    enrolments = list(
        Kepesertaan.objects.filter(
            Q(person__in=people) | Q(household__in=families, person__isnull=True)
        )
        # The latest paid stage, read with the enrolment (one statement, not two).
        .annotate(last=Max(F("tahap__tahun") * 100 + F("tahap__tahap"), filter=paid))
        .order_by("program_id", "mulai", "pk")
        .values("pk", "program_id", "status", "person_id", "household_id", "last")
    )
    answer: dict[int, tuple[Programme, ...]] = {}
    for r in rows:
        latest: dict[str, dict] = {}
        for e in enrolments:  # oldest first: the latest of each programme stays
            if e["person_id"] == r["pk"] or (
                e["person_id"] is None and e["household_id"] == r["household_id"]
            ):
                latest[e["program_id"]] = e
        answer[r["pk"]] = tuple(
            Programme(kode, STATUS[e["status"]], _period(e["last"], e["status"]))
            for kode, e in sorted(latest.items())
        )
    return answer


def _period(last: int | None, status: str) -> str:
    if last is None or status != Kepesertaan.Status.TERDAFTAR:
        return ""
    return f"tahap {last % 100} {last // 100}"
