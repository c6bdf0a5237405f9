"""The generator and the identity rules agree: what synth calls valid, identity accepts."""

from __future__ import annotations

import polars as pl

from datusoban.identity import name_key, parse_kk, parse_nik
from datusoban.reference import catalogue
from datusoban.reference.wilayah import nik_region_codes
from datusoban.synth.config import SynthConfig
from datusoban.synth.population import generate

CONFIG = SynthConfig(people=5_000, seed=11)


def frames() -> tuple[pl.DataFrame, pl.DataFrame]:
    chunks = list(generate(CONFIG))
    return (
        pl.concat([c.households for c in chunks]),
        pl.concat([c.persons for c in chunks]),
    )


def test_every_generated_nik_and_kk_parses_with_matching_birth_date_and_sex():
    households, persons = frames()
    regions = nik_region_codes()
    for nik, born, sex in persons.select("nik", "tanggal_lahir", "jenis_kelamin").iter_rows():
        parsed = parse_nik(nik, as_of=CONFIG.as_of, known_regions=regions)
        assert (parsed.birth_date, parsed.sex) == (born, sex), nik
    for kk in households["no_kk"]:
        assert parse_kk(kk, as_of=CONFIG.as_of, known_regions=regions).number == kk


def test_clean_ppks_categories_respect_the_shipped_constraints():
    _, persons = frames()
    rules = {c.kode: c for c in catalogue.ppks_categories()}
    held = persons.filter(pl.col("ppks").is_not_null()).with_columns(
        age=((pl.lit(CONFIG.as_of) - pl.col("tanggal_lahir")).dt.total_days() // 365.2425).cast(
            pl.Int32
        )
    )
    assert held.height > 100
    for ppks, age, sex, disability in held.select(
        "ppks", "age", "jenis_kelamin", "disabilitas"
    ).iter_rows():
        for code in ppks.split(","):
            rule = rules[int(code)]
            assert rule.allows(age, sex, disability is not None), (rule.nama, age, sex)


def test_clean_names_are_stable_under_normalisation():
    _, persons = frames()
    keys = [name_key(n) for n in persons["nama"].unique().to_list()]
    assert all(keys) and all(k == k.upper() for k in keys)
