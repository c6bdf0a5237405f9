"""People a search found, as the searcher may see them: one rule for every page and route.

Identifiers masked and health data hidden as the role says, the size of each
person's family, and one audit row per person shown (a lookup that found
nobody is recorded too: looking up a NIK is itself processing that person's data).
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from datusoban.accounts.audit import Aksi, record
from datusoban.accounts.masking import hidden_fields, identifier_for
from datusoban.accounts.roles import Role
from datusoban.accounts.scope import scope_of, scoped
from datusoban.registri.models import Person
from datusoban.registri.search import family_size, kabkota_names, same_name, search_people

# The Person values a page of results is read with (queryset.values(*FIELDS)), and
# the size of each person's family, read in the same statement.
FIELDS = (
    "id", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "household_id",
    "household__no_kk", "household__wilayah_id", "household__wilayah__nama",
    "kode_kabkota", "disabilitas", "penyakit_kronis",
)  # fmt: skip
HEALTH = ("disabilitas", "penyakit_kronis")
# A search by NIK or No KK finds one person or one family: fewer than this.
FEW = 100
# A name search counts its matches up to this many: beyond, "more than" is what a
# user needs to know (narrow the search), and counting 20,000 matches of a common
# name province-wide costs a read of each.
COUNT_LIMIT = 1_000


class FoundPeople:
    """People a search found, in a stable order (the search's: a name search ranks its
    matches, ending with the id; otherwise by id), read a slice at a time as the
    values ``shown`` takes; countable and sliceable, so Django's Paginator takes it.

    A slice is read in two steps: the ids first, answered from an index alone (the
    name key with the kab/kota and id, or with the id and household), then the values
    of those people only. The count needs no values at all, and once it is known, a
    result that fits in the slice is read in one step.

    A search by identifier (``few``: a NIK, a No KK) is answered by one statement:
    the values of everyone found, counted as they are read.

    A name search (``first``: the people it ranks first, in the same order, from an
    index) is counted up to COUNT_LIMIT (``more``: there are more): the same-key
    matches from their B-tree, then, while fewer, the ids of all matches, unranked
    (the trigram lookup stops at the limit). A page that lies among ``first`` is
    read from them alone; a page of a search counted whole is ranked among those ids
    (looked up by id, not by trigram again); only a page past both ranks every match.
    """

    def __init__(
        self, people: QuerySet[Person], *, few: bool = False, first: QuerySet[Person] | None = None
    ) -> None:
        self._people = people if people.query.order_by else people.order_by("pk")
        self._first = first
        self._first_count = 0
        self._matched: list[int] | None = None
        self.more = False
        self._count: int | None = None
        self._rows: list[dict] | None = None
        if few:
            rows = self._values(self._people[: FEW + 1])
            if len(rows) <= FEW:
                self._rows, self._count = rows, len(rows)

    @staticmethod
    def _values(people: QuerySet[Person]) -> list[dict]:
        return list(people.values(*FIELDS, anggota_keluarga=family_size()))

    def count(self) -> int:
        if self._count is None and self._first is None:
            self._count = self._people.count()
        elif self._count is None:
            self._first_count = found = self._first[: COUNT_LIMIT + 1].count()
            if found <= COUNT_LIMIT:
                unranked = self._people.order_by().values_list("pk", flat=True)
                matched = list(unranked[: COUNT_LIMIT + 1])
                found = len(matched)
                self._matched = matched if found <= COUNT_LIMIT else None
            self.more = found > COUNT_LIMIT
            self._count = min(found, COUNT_LIMIT)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("found people are read a slice at a time")
        if self._rows is not None:
            return self._rows[index]
        start, stop = index.start or 0, index.stop
        if self._first is not None and stop is not None and stop <= self._first_count:
            ids = list(self._first.values_list("pk", flat=True)[index])
        elif self._matched is not None:
            among = Person.objects.filter(pk__in=self._matched)
            ranked = among.order_by(*self._people.query.order_by)
            ids = list(ranked.values_list("pk", flat=True)[index])
        elif start == 0 and self._count is not None and stop is not None and self._count <= stop:
            return self._values(self._people[:stop])
        else:
            ids = list(self._people.values_list("pk", flat=True)[index])
        if not ids:
            return []
        # By id alone: the ids come from the scoped search, and its conditions (a name's
        # trigram lookup) would only mislead the planner here.
        rows = {r["id"]: r for r in self._values(Person.objects.filter(pk__in=ids))}
        return [rows[i] for i in ids if i in rows]


def page_values(
    people: QuerySet[Person], conditions: dict | None = None, first: QuerySet[Person] | None = None
) -> FoundPeople:
    """``people`` (found with ``conditions``) in a stable order, as the values
    ``shown`` takes (slice it); ``first``: see FoundPeople."""
    few = bool(conditions and (conditions.get("nik") or conditions.get("no_kk")))
    return FoundPeople(people, few=few, first=first)


def found(user, conditions: dict, today: date) -> FoundPeople:
    """The people ``user`` may see that a search with ``conditions`` finds, best first:
    the one search of the page and the API (``registri.search``, narrowed by the one
    scoping function first)."""
    people = scoped(user, Person.objects.all())
    ranked = search_people(people, conditions, today)
    return page_values(ranked, conditions, same_name(people, conditions, today))


def masked(role: Role, rows: list[dict]) -> list[dict]:
    """``rows`` (from page_values) as a user of ``role`` may see them."""
    hidden = hidden_fields(role)
    kabkota = kabkota_names()
    return [
        {
            "id": r["id"],
            "nik": identifier_for(role, r["nik"]),
            "nama": r["nama"],
            "jenis_kelamin": r["jenis_kelamin"],
            "tanggal_lahir": r["tanggal_lahir"],
            "no_kk": identifier_for(role, r["household__no_kk"]),
            "household_id": r["household_id"],
            "kode_wilayah": r["household__wilayah_id"],
            "wilayah": r["household__wilayah__nama"],
            "kabkota": kabkota.get(r["kode_kabkota"]),
            "anggota_keluarga": r["anggota_keluarga"],
            **{f: None if f in hidden else r[f] for f in HEALTH},
        }
        for r in rows
    ]


def subjects(rows: list[dict], conditions: dict) -> list[tuple[str, str | None]]:
    """The audit subjects of ``rows``: each person found, or the NIK looked up when
    nobody was (looking up a NIK is itself processing that person's data)."""
    return [(str(r["id"]), r["nik"]) for r in rows] or [("", conditions.get("nik"))]


def conditions_text(conditions: dict) -> dict[str, str]:
    """The search conditions as the audit row keeps them."""
    return {k: str(v) for k, v in conditions.items() if v not in (None, "")}


def shown(
    request, rows: list[dict], conditions: dict, *, rincian: dict | None = None, tujuan: str = ""
) -> list[dict]:
    """``rows`` (from page_values) as ``request.user`` may see them; the audit rows written
    (with the purpose the caller stated, if any)."""
    people = masked(scope_of(request.user).role, rows)
    syarat = conditions_text(conditions)
    record(
        request,
        Aksi.CARI,
        "orang",
        subjects(rows, conditions),
        tujuan=tujuan,
        rincian={"syarat": syarat, **(rincian or {})},
    )
    return people
