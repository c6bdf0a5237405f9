"""Households linked across sources, even when the No. KK changed.

A No. KK changes when a family moves, splits or its head dies (docs/DOMAIN.md "No. KK"),
so the number alone cannot say which registry household a family card is.
After persons are linked, each family card of a run (the records sharing a
No. KK) is one household with:

- the registry household that records with the same No. KK already point to;
- the household most of its members already live in (more than half), or
  that its head and spouse both live in;
- another card of the run with which it shares most members, or the head
  and spouse.

The connected groups of these links are households: an existing one when the
group holds one (the oldest when it holds several: households are never
merged here), else a new one from the group's latest record. Every No. KK a
household was known by is kept (`riwayat_no_kk`); memberships are closed and
opened as people move. All of it set-based, with the bulk paths.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import polars as pl

from datusoban import db
from datusoban.penautan.person_ids import components
from datusoban.penautan.registry_records import ids_in
from datusoban.reference.models import Region
from datusoban.registri.models import Household, Membership, Person, SourceRecord

_PARTNER = ("istri", "suami")
_EDGE = {"unique_id_l": pl.Int64, "unique_id_r": pl.Int64}


def link_households(records: pl.DataFrame, *, as_of: date | None = None) -> int:
    """Give the run's `records` (read_records columns, `person_db` set) their households.

    Returns how many households were created.
    """
    as_of = as_of or date.today()
    cards = records.filter(pl.col("no_kk").is_not_null() & pl.col("person_db").is_not_null())
    if cards.height == 0:
        return 0
    kks = cards.select("no_kk").unique(maintain_order=True).with_row_index("node")
    cards = cards.join(kks, on="no_kk").with_columns(pl.col("node").cast(pl.Int64))
    offset = kks.height  # household nodes are numbered after the cards
    members = cards.select("node", "person_db", "hubungan_keluarga").unique(["node", "person_db"])
    current = _current_households(members["person_db"].unique().to_list())
    known_kk = _households_by_kk(kks["no_kk"].to_list())

    by_number = kks.join(known_kk, on="no_kk").select(
        unique_id_l=pl.col("node").cast(pl.Int64), unique_id_r=pl.col("household") + offset
    )
    lived = members.join(current, on="person_db").rename({"household": "group"})
    by_members = _majority(members, lived.with_columns(pl.col("group") + offset))
    shared = members.rename({"node": "group"}).filter(pl.col("group").is_not_null())
    by_cards = _majority(members, shared).filter(pl.col("unique_id_l") != pl.col("unique_id_r"))
    edges = pl.concat([by_number.cast(_EDGE), by_members.cast(_EDGE), by_cards.cast(_EDGE)])

    nodes = pl.concat(
        [kks["node"].cast(pl.Int64), (edges["unique_id_r"].filter(edges["unique_id_r"] >= offset))]
    ).unique()
    groups = components(nodes.sort(), edges).rename({"unique_id": "node"})
    existing = (
        groups.filter(pl.col("node") >= offset)
        .group_by("component")
        .agg((pl.col("node").min() - offset).alias("household"))
    )
    card_groups = groups.filter(pl.col("node") < offset).join(existing, on="component", how="left")
    created = _create_households(cards, card_groups)
    target = pl.concat(
        [
            card_groups.filter(pl.col("household").is_not_null()).select("node", "household"),
            created,
        ]
    )
    _record_numbers(cards, target)
    _place(cards, target, current, as_of)
    return created["household"].n_unique() if created.height else 0


def _majority(members: pl.DataFrame, lived: pl.DataFrame) -> pl.DataFrame:
    """Card -> group edges where more than half of the card's persons, or its head and
    partner, are in the group. `lived`: `person_db`, `group`."""
    sizes = members.group_by("node").agg(pl.len().alias("size"))
    both = members.join(lived.select("person_db", "group"), on="person_db")
    score = both.group_by("node", "group").agg(
        pl.len().alias("shared"),
        (pl.col("hubungan_keluarga") == "kepala").any().alias("head"),
        pl.col("hubungan_keluarga").is_in(list(_PARTNER)).any().alias("partner"),
    )
    return (
        score.join(sizes, on="node")
        .filter((pl.col("shared") * 2 > pl.col("size")) | (pl.col("head") & pl.col("partner")))
        .select(unique_id_l="node", unique_id_r="group")
    )


def _current_households(persons: list[int]) -> pl.DataFrame:
    rows = [
        row
        for chunk in ids_in(persons)
        for row in Person.objects.filter(pk__in=chunk, household__isnull=False).values_list(
            "pk", "household_id"
        )
    ]
    return pl.DataFrame(rows, schema={"person_db": pl.Int64, "household": pl.Int64}, orient="row")


def _households_by_kk(numbers: list[str]) -> pl.DataFrame:
    """No. KK -> the households that records with that number already belong to."""
    rows = {
        row
        for chunk in ids_in(numbers)
        for row in SourceRecord.objects.filter(no_kk__in=chunk, household__isnull=False)
        .values_list("no_kk", "household_id")
        .distinct()
    }
    rows |= {
        row
        for chunk in ids_in(numbers)
        for row in Household.objects.filter(no_kk__in=chunk).values_list("no_kk", "pk")
    }
    return pl.DataFrame(
        sorted(rows), schema={"no_kk": pl.Utf8, "household": pl.Int64}, orient="row"
    )


def _create_households(cards: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    """New households for groups without one: `node` -> `household`."""
    alone = groups.filter(pl.col("household").is_null()).select("node", "component")
    if alone.height == 0:
        return pl.DataFrame(schema={"node": pl.Int64, "household": pl.Int64})
    rows = cards.join(alone, on="node")
    known = set(
        Region.objects.filter(kode__in=rows["kode_wilayah"].unique().to_list()).values_list(
            "kode", flat=True
        )
    )
    # The group's latest record describes the family as it is now; a household
    # needs a known region (kode wilayah), so a group without one waits.
    latest = (
        rows.filter(pl.col("kode_wilayah").is_in(sorted(known)))
        .sort(["waktu", "record"], descending=True)
        .group_by("component", maintain_order=True)
        .first()
    )
    if latest.height == 0:
        return pl.DataFrame(schema={"node": pl.Int64, "household": pl.Int64})
    history = (
        rows.sort(["waktu", "record"])
        .group_by("component", maintain_order=True)
        .agg(pl.col("no_kk").unique(maintain_order=True).alias("riwayat"))
    )
    first = db.reserve_ids(Household._meta.db_table, latest.height)
    now = datetime.now(UTC).replace(tzinfo=None)
    new = latest.join(history, on="component").with_columns(
        id=pl.int_range(first, first + latest.height, dtype=pl.Int64)
    )
    db.insert_frame(
        Household._meta.db_table,
        new.select(
            "id",
            "no_kk",
            alamat=pl.col("alamat").fill_null("").str.slice(0, 200),
            rt=pl.col("rt").fill_null("").str.slice(0, 3),
            rw=pl.col("rw").fill_null("").str.slice(0, 3),
            kode_wilayah="kode_wilayah",
            riwayat_no_kk=pl.col("riwayat")
            .list.join("\x1f")
            .map_elements(lambda text: json.dumps(text.split("\x1f")), return_dtype=pl.Utf8),
            dibuat_pada=pl.lit(now),
            diubah_pada=pl.lit(now),
        ),
    )
    return alone.join(new.select("component", household="id"), on="component").select(
        "node", "household"
    )


def _record_numbers(cards: pl.DataFrame, target: pl.DataFrame) -> None:
    """Existing households take the run's newest No. KK and keep every earlier one."""
    latest = (
        cards.join(target, on="node")
        .sort(["waktu", "record"])
        .group_by("household", maintain_order=True)
        .agg(pl.col("no_kk").unique(maintain_order=True).alias("baru"))
    )
    rows = []
    for chunk in ids_in(latest["household"].to_list()):
        for pk, number, history in Household.objects.filter(pk__in=chunk).values_list(
            "pk", "no_kk", "riwayat_no_kk"
        ):
            rows.append((pk, number, json.dumps(history or ([number] if number else []))))
    if not rows:
        return
    known = pl.DataFrame(
        rows, schema={"household": pl.Int64, "no_kk": pl.Utf8, "lama": pl.Utf8}, orient="row"
    )
    merged = latest.join(known, on="household").with_columns(
        riwayat=pl.concat_list(
            pl.col("lama").str.json_decode(pl.List(pl.Utf8)), pl.col("baru")
        ).list.unique(maintain_order=True)
    )
    changed = merged.filter(pl.col("riwayat").list.len() > pl.col("lama").str.json_decode(
        pl.List(pl.Utf8)).list.len())  # fmt: skip
    if changed.height == 0:
        return
    db.update_frame(
        Household._meta.db_table,
        changed.select(
            id="household",
            no_kk=pl.col("baru").list.last(),
            riwayat_no_kk=pl.col("riwayat").map_elements(
                lambda values: json.dumps(list(values)), return_dtype=pl.Utf8
            ),
        ),
    )


def _place(cards: pl.DataFrame, target: pl.DataFrame, current: pl.DataFrame, as_of: date) -> None:
    """Records point to their household; persons move there, with dated memberships."""
    placed = cards.join(target, on="node")
    db.update_frame(
        SourceRecord._meta.db_table, placed.select(id="record", household_id="household")
    )
    # A person lives where their latest card says.
    home = (
        placed.sort(["waktu", "record"], descending=True)
        .group_by("person_db", maintain_order=True)
        .first()
        .select("person_db", "household", "hubungan_keluarga")
        .join(current.rename({"household": "before"}), on="person_db", how="left")
    )
    moving = home.filter(pl.col("before").is_null() | (pl.col("before") != pl.col("household")))
    if moving.height == 0:
        return
    db.update_frame(Person._meta.db_table, moving.select(id="person_db", household_id="household"))
    open_rows = [
        row
        for chunk in ids_in(moving["person_db"].to_list())
        for row in Membership.objects.filter(person_id__in=chunk, selesai__isnull=True).values_list(
            "pk", "mulai"
        )
    ]
    closing = pl.DataFrame(open_rows, schema={"id": pl.Int64, "mulai": pl.Date}, orient="row")
    db.update_frame(
        Membership._meta.db_table,
        # A membership that began on as_of ends on as_of too (dates stay ordered).
        closing.select("id", selesai=pl.max_horizontal(pl.col("mulai"), pl.lit(as_of))),
    )
    first = db.reserve_ids(Membership._meta.db_table, moving.height)
    db.insert_frame(
        Membership._meta.db_table,
        moving.select(
            id=pl.int_range(first, first + moving.height, dtype=pl.Int64),
            person_id="person_db",
            household_id="household",
            hubungan=pl.col("hubungan_keluarga").fill_null("lainnya"),
            mulai=pl.lit(as_of),
            selesai=pl.lit(None, dtype=pl.Date),
        ),
    )
