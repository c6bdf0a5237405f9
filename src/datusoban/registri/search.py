"""Finding people in the registry by identifier, name or predicate: one query builder
for every page and API route that searches (each narrows by the caller's scope first).

A name matches when each of its words, in the spelling the name key folds to (titles,
old spellings and case set aside), is part of the person's stored key, in any order:
"Fatimah Evi" finds "EVI FATIMAH" and "SITI FATIMAH EVI YANTI", "Muhamad" finds
"MUHAMMAD ...". The words are looked up in a trigram index of the keys (PostgreSQL:
a pg_trgm GIN index led by the kab/kota; SQLite: an FTS5 table with the trigram
tokenizer, kept by triggers: see migration 0010), so a part of a word costs no scan
of the registry.
A trigram index cannot look up a word of one or two letters; such words must be whole
words of the name, and a name needs at least one word of three letters or more.

The people found come best first: the same key, then every word a whole word of the
name, then by similarity (PostgreSQL: pg_trgm's ``similarity``; SQLite, which has
none: the shorter key first, which mostly orders them alike, since every match holds
the query's trigrams and similarity is the share of the name's trigrams they make),
then in id order.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import connections
from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.expressions import OrderBy, RawSQL
from django.db.models.functions import Coalesce, Length

from datusoban.identity.names import name_key
from datusoban.reference.models import Region
from datusoban.refusal import RefusedError
from datusoban.registri.models import Membership, Person

# The conditions a search understands (values None or absent: not used).
CONDITIONS = (
    "nik", "no_kk", "nama", "kode_wilayah", "jenis_kelamin",
    "umur_min", "umur_maks", "anggota_min", "anggota_maks",
)  # fmt: skip


# The shortest word a trigram index can look up.
MIN_WORD = 3
# The SQLite trigram table of the name keys (migration 0010), rowid = person id.
FTS_TABLE = "registry_person_nama"
NAME_TOO_SHORT = (
    "Nama perlu paling sedikit satu kata dengan 3 huruf atau lebih (mis. “Siti”, bukan "
    "“St”); kata yang lebih pendek dicari sebagai kata utuh di samping kata itu."
)
# Kab/kota names change by decree, not between two searches.
KABKOTA_CACHE_SECONDS = 300


def _words(nama: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name_key(nama).split()))


def name_too_short(nama: str) -> bool:
    """Whether ``nama`` lacks a word of MIN_WORD letters or more (as the key spells it)."""
    return not any(len(w) >= MIN_WORD for w in _words(nama))


def name_words(nama: str) -> tuple[str, ...]:
    """The words of ``nama`` as the name key spells them (each once, in order); refused
    (``nama_terlalu_pendek``) without one of MIN_WORD letters or more."""
    if name_too_short(nama):
        raise RefusedError("nama_terlalu_pendek", NAME_TOO_SHORT, field="nama")
    return _words(nama)


def _whole_word(word: str) -> Q:
    """``word`` is one of the words of the stored key."""
    return (
        Q(nama_kunci=word)
        | Q(nama_kunci__startswith=f"{word} ")
        | Q(nama_kunci__endswith=f" {word}")
        | Q(nama_kunci__contains=f" {word} ")
    )


def word_prefixes(people: QuerySet[Person], words: tuple[str, ...]) -> QuerySet[Person]:
    """``people`` whose stored name key has, for each of ``words`` (as the name key spells
    them), a word that starts with it: "SIT" finds "SITI AMINAH", not "PUSITA"."""
    for w in words:
        people = people.filter(Q(nama_kunci__startswith=w) | Q(nama_kunci__contains=f" {w}"))
    return people


def _by_name(people: QuerySet[Person], nama: str) -> QuerySet[Person]:
    words = name_words(nama)
    key = " ".join(words)
    long = [w for w in words if len(w) >= MIN_WORD]
    vendor = connections[people.db].vendor
    if vendor == "sqlite":
        # Each word a quoted phrase: with the trigram tokenizer, a part of the key.
        match = " ".join(f'"{w}"' for w in long)
        people = people.filter(
            pk__in=RawSQL(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                [match],
            )
        )
    else:
        for w in long:
            people = people.filter(nama_kunci__contains=w)  # LIKE '%W%': the GIN index
    for w in words:
        if len(w) < MIN_WORD:
            people = people.filter(_whole_word(w))
    every_word = Q()
    for w in words:
        every_word &= _whole_word(w)
    rank = Case(
        When(nama_kunci=key, then=Value(0)),
        When(every_word, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    if vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        closeness = OrderBy(TrigramSimilarity("nama_kunci", key), descending=True)
    else:
        closeness = OrderBy(Length("nama_kunci"))
    # Ordered, not annotated: a count of the matches computes no rank.
    return people.order_by(rank.asc(), closeness, "pk")


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def family_size() -> Subquery:
    """The current members of each person's household (None without one), as an
    expression for ``Person`` querysets: one indexed count per person read."""
    members = Membership.objects.filter(household=OuterRef("household"), selesai__isnull=True)
    return Subquery(members.order_by().values("household").annotate(n=Count("pk")).values("n"))


def has_condition(conditions: dict[str, Any]) -> bool:
    return any(conditions.get(k) not in (None, "") for k in CONDITIONS)


def search_people(
    people: QuerySet[Person], conditions: dict[str, Any], today: date
) -> QuerySet[Person]:
    """``people`` narrowed by every condition given: ``nik``, ``no_kk``, ``nama`` (any
    part of the name, words in any order, any spelling the name key folds; best
    matches first), ``kode_wilayah`` (a region code prefix), ``jenis_kelamin``,
    ``umur_min``/``umur_maks`` (years on ``today``), ``anggota_min``/``anggota_maks``
    (members of the current household). Without a name, in id order. Refused
    (``nama_terlalu_pendek``) for a name without a word of MIN_WORD letters."""
    people = _narrowed(people, conditions, today)
    if conditions.get("nama"):
        return _by_name(people, conditions["nama"])
    return people.order_by("pk")


def same_name(
    people: QuerySet[Person], conditions: dict[str, Any], today: date
) -> QuerySet[Person] | None:
    """The people ``search_people`` ranks first, in the same order: those whose key is
    the name's, by id (None without a name). Read from the name key's B-tree, in
    order, so a page that lies among them costs no look at the other matches: a
    common name typed whole ("Muhammad Rizki": 14,000 in the province) fills its
    first pages from them."""
    if not conditions.get("nama"):
        return None
    key = " ".join(name_words(conditions["nama"]))
    return _narrowed(people, conditions, today).filter(nama_kunci=key).order_by("pk")


def _narrowed(people: QuerySet[Person], conditions: dict[str, Any], today: date):
    """``people`` narrowed by every condition but the name."""
    q = {k: v for k, v in conditions.items() if k in CONDITIONS and v not in (None, "")}
    if "nik" in q:
        people = people.filter(nik=q["nik"])
    if "no_kk" in q:
        people = people.filter(household__no_kk=q["no_kk"])
    if "kode_wilayah" in q:
        people = people.filter(household__wilayah__kode__startswith=q["kode_wilayah"])
    if "jenis_kelamin" in q:
        people = people.filter(jenis_kelamin=q["jenis_kelamin"])
    if "umur_min" in q:
        people = people.filter(tanggal_lahir__lte=_years_ago(today, int(q["umur_min"])))
    if "umur_maks" in q:
        people = people.filter(tanggal_lahir__gt=_years_ago(today, int(q["umur_maks"]) + 1))
    if "anggota_min" in q or "anggota_maks" in q:
        people = people.annotate(anggota=Coalesce(family_size(), 0))
        if "anggota_min" in q:
            people = people.filter(anggota__gte=int(q["anggota_min"]))
        if "anggota_maks" in q:
            people = people.filter(anggota__lte=int(q["anggota_maks"]))
    return people


def kabkota_names() -> dict[str, str]:
    """Kab/kota code → name ("Kota Banjarmasin"), for the results' kab/kota column."""

    def read() -> dict[str, str]:
        regions = Region.objects.filter(level=Region.Level.KABKOTA)
        return dict(regions.values_list("kode", "nama"))

    return cache.get_or_set("registri.kabkota_nama", read, KABKOTA_CACHE_SECONDS)


_LEVEL_WORD = {
    Region.Level.PROVINSI: "Provinsi ",
    Region.Level.KECAMATAN: "Kecamatan ",
    Region.Level.DESA: "Desa/Kelurahan ",
}


def region_name(kode: str) -> str:
    """How a sentence names the region ``kode``: "Kota Banjarmasin", "Kecamatan Banjarmasin
    Selatan", "Provinsi Kalimantan Selatan" (kab/kota names already say which)."""
    region = Region.objects.filter(kode=kode).values_list("nama", "level").first()
    if region is None:
        return kode
    nama, level = region
    return _LEVEL_WORD.get(level, "") + nama
