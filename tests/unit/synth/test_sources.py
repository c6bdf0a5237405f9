"""Source files in the interchange format, and their ground truth."""

from __future__ import annotations

from math import sqrt
from pathlib import Path

import polars as pl
import pytest

from datusoban.reference import wilayah
from datusoban.synth import SynthConfig, generate, write_sources
from datusoban.synth.config import noise_policy
from datusoban.synth.noise import INTERCHANGE
from datusoban.synth.run import run
from datusoban.synth.sources import EXTRAS

KABKOTA = [k.kode.replace(".", "") for k in wilayah.kabkota_population("63")]
STEMS = ["dtks", "dtsen", "pkh", "lks", "panti", "bencana"] + [f"ppks_{k}" for k in KABKOTA]


def read(out: Path, stem: str) -> pl.DataFrame:
    return pl.read_csv(out / f"{stem}.csv", infer_schema=False)


def source_of(stem: str) -> str:
    return "ppks" if stem.startswith("ppks_") else stem


@pytest.fixture(scope="module")
def truth(sources) -> pl.DataFrame:
    out, _ = sources
    return pl.read_csv(out / "truth" / "truth.csv", infer_schema=False).with_columns(
        pl.col("person_key").cast(pl.Int64), pl.col("hh_key").cast(pl.Int64)
    )


def test_every_file_is_written_with_interchange_columns_in_order(sources):
    out, summary = sources
    for stem in STEMS:
        frame = read(out, stem)
        assert frame.columns == ["record_id", *INTERCHANGE, *EXTRAS[source_of(stem)]], stem
        assert summary.source_rows[stem] == frame.height
    for name in ["truth.csv", "persons.csv", "households.csv"]:
        assert (out / "truth" / name).exists()
    for stem in ["dtks", "dtsen", "pkh", "bencana"]:
        assert summary.source_rows[stem] > 100, stem


def test_truth_has_exactly_one_row_per_source_row(sources, truth):
    out, summary = sources
    assert truth.height == sum(summary.source_rows.values())
    assert truth.select(pl.struct("source", "record_id").is_unique().all()).item()
    for stem in STEMS:
        ids = read(out, stem)["record_id"]
        assert ids.is_unique().all(), stem
        assert sorted(ids) == sorted(truth.filter(pl.col("source") == stem)["record_id"]), stem


def test_truth_points_at_real_people(sources, truth):
    out, summary = sources
    persons = pl.read_csv(out / "truth" / "persons.csv", infer_schema=False)
    households = pl.read_csv(out / "truth" / "households.csv", infer_schema=False)
    assert persons.height == summary.people and households.height == summary.households
    assert persons.columns[:9] == [
        "person_key", "hh_key", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "twin_group",
        "namesake_group", "status",
    ]  # fmt: skip
    assert households.columns == [
        "hh_key",
        "no_kk",
        "kode_wilayah",
        "true_welfare",
        "true_desil",
        "pkh",
    ]
    keys = persons["person_key"].cast(pl.Int64)
    assert truth["person_key"].is_in(keys.implode()).all()
    pairs = persons.select(pl.col("person_key").cast(pl.Int64), pl.col("hh_key").cast(pl.Int64))
    joined = truth.join(pairs, on="person_key", suffix="_true")
    assert (joined["hh_key"] == joined["hh_key_true"]).all()


def test_who_is_in_each_source(sources, truth):
    out, _ = sources
    households = pl.read_csv(out / "truth" / "households.csv", schema_overrides={"no_kk": pl.Utf8})
    persons = pl.read_csv(out / "truth" / "persons.csv", infer_schema=False).with_columns(
        pl.col("person_key").cast(pl.Int64)
    )
    rows = truth.join(households.select("hh_key", "true_desil", "pkh"), on="hh_key")
    desil = {s: rows.filter(pl.col("source") == s)["true_desil"] for s in ["dtks", "dtsen", "pkh"]}
    assert desil["dtks"].max() <= 5 and desil["dtsen"].max() <= 6
    assert rows.filter(pl.col("source") == "pkh")["pkh"].all()
    # Dead people are listed only where the source keeps them (DTKS: still listed).
    dead = persons.filter(pl.col("status") == "meninggal")["person_key"]
    dead_rows = truth.filter(pl.col("person_key").is_in(dead.implode()))
    assert set(dead_rows["source"].unique()) <= {"dtks", "dtsen", "pkh", "bencana"}
    assert dead_rows.filter(pl.col("source") == "dtks").height > 0


def test_ppks_registers_hold_their_kabkota(sources):
    out, _ = sources
    for kab in KABKOTA:
        frame = read(out, f"ppks_{kab}")
        code = kab[:2] + "." + kab[2:]
        assert frame["kode_wilayah"].str.starts_with(code).all(), kab
        assert frame["jenis_ppks"].str.contains(r"^\d+(;\d+)*$").all()
        assert frame["record_id"].str.starts_with(f"PPKS-{kab}-").all()


def test_extras_are_filled(sources):
    out, _ = sources
    pkh = read(out, "pkh")
    assert pkh["komponen"].null_count() < 0.05 * pkh.height
    assert pkh["komponen"].drop_nulls().str.contains(r"^[a-z_]+(;[a-z_]+)*$").all()
    assert pkh["pendamping_id"].null_count() == 0
    dtsen = read(out, "dtsen")
    assert dtsen["desil"].cast(pl.Int32).is_between(1, 6 + 3).all()
    bencana = read(out, "bencana")
    assert set(bencana["kondisi"].unique()) <= {"mengungsi", "terdampak", "luka", "meninggal"}
    panti = read(out, "panti")
    assert panti["uptd_id"].cast(pl.Int32).is_between(1, 6).all()
    assert panti["tanggal_masuk"].str.contains(r"^\d{4}-\d{2}-\d{2}$").all()
    lks = read(out, "lks")
    assert lks["layanan"].null_count() == 0


def test_formats_as_sources_write_them(sources):
    out, _ = sources
    rows = pl.concat([read(out, s).select(INTERCHANGE) for s in STEMS])
    dates = rows["tanggal_lahir"].drop_nulls()
    assert dates.str.contains(r"^(\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4}|\d{2}/\d{2}/\d{4})$").all()
    assert set(rows["jenis_kelamin"].drop_nulls().unique()) <= {"L", "P", "LAKI-LAKI", "PEREMPUAN"}
    assert rows["hubungan_keluarga"].drop_nulls().str.to_uppercase().is_in(
        ["KEPALA KELUARGA", "ISTRI", "SUAMI", "ANAK", "MENANTU", "CUCU", "ORANG TUA", "MERTUA",
         "FAMILI LAIN", "LAINNYA"]
    ).all()  # fmt: skip
    nik = rows["nik"].drop_nulls()
    assert nik.str.contains(r"^(\d{16}|\d{16}\.0|\d,\d{5}E\+15)$").all()
    assert nik.str.contains("E+15", literal=True).any()
    dtks = read(out, "dtks")
    assert (dtks["nama"] == dtks["nama"].str.to_uppercase()).mean() > 0.99  # SIKS-NG: upper case


def _rate(truth: pl.DataFrame, source: str, label: str) -> tuple[float, int]:
    rows = truth.filter(pl.col("source").str.replace(r"_\d+$", "") == source)
    base = rows.filter(~pl.col("noise").fill_null("").str.contains("dup"))
    hits = rows["noise"].fill_null("").str.split(";").list.contains(label).sum()
    return hits / base.height if label == "dup" else hits / rows.height, base.height


@pytest.mark.parametrize(
    ("source", "label", "key"),
    [
        ("dtks", "nik_missing", "nik_missing"),
        ("dtks", "kk_missing", "kk_missing"),
        ("dtsen", "ibu_missing", "ibu_missing"),
        ("dtks", "dup", "dup"),
        ("dtks", "nik_typo", "nik_typo"),
        ("ppks", "nik_missing", "nik_missing"),
        ("ppks", "dup", "dup"),
        ("ppks", "tempat_missing", "tempat_missing"),
        ("pkh", "kk_old", "kk_old"),
    ],
)
def test_observed_noise_rates_match_the_policy(truth, source, label, key):
    observed, n = _rate(truth, source, label)
    expected = noise_policy(source)[key]
    if label == "ibu_missing":
        expected *= 0.9  # only rows whose mother's name was known can lose it
    tolerance = 4 * sqrt(expected * (1 - expected) / n) + 0.002
    assert abs(observed - expected) <= tolerance, (observed, expected, n)


def test_noise_is_visible_in_the_rows(sources, truth):
    out, _ = sources
    persons = pl.read_csv(out / "truth" / "persons.csv", infer_schema=False)
    dtks = read(out, "dtks").join(truth.filter(pl.col("source") == "dtks"), on="record_id")
    dtks = dtks.with_columns(pl.col("person_key").cast(pl.Int64)).join(
        persons.select(pl.col("person_key").cast(pl.Int64), true_nik="nik", true_nama="nama"),
        on="person_key",
    )
    labels = dtks["noise"].fill_null("")
    clean = dtks.filter(~labels.str.contains("nik_"))
    assert (clean["nik"] == clean["true_nik"]).all()
    typo = dtks.filter(labels.str.contains("nik_typo"))
    assert typo.height > 0 and (typo["nik"] != typo["true_nik"]).all()
    assert typo["nik"].str.contains(r"^\d{16}$").all()
    plain = dtks.filter(~labels.str.contains("name_"))
    assert (plain["nama"] == plain["true_nama"].str.to_uppercase()).all()
    # Duplicates are the same person listed again under another record id.
    dup = truth.filter(pl.col("noise").fill_null("").str.contains("dup"))
    assert dup.height > 0
    firsts = truth.filter(~pl.col("noise").fill_null("").str.contains("dup"))
    assert (
        dup.join(firsts, on=["source", "person_key"]).select("person_key").n_unique()
        == dup.select("person_key").n_unique()
    )


def test_moved_people_keep_old_or_new_address_by_source(sources, truth):
    out, _ = sources
    persons = pl.read_csv(out / "truth" / "persons.csv", infer_schema=False)
    moved = persons.filter(pl.col("status") == "pindah").select(
        pl.col("person_key").cast(pl.Int64), "pindah_ke"
    )
    rows = []
    for stem in STEMS:
        frame = read(out, stem).join(truth.filter(pl.col("source") == stem), on="record_id")
        rows.append(
            frame.select("source", "record_id", pl.col("person_key"), "kode_wilayah", "noise")
        )
    rows = pl.concat(rows).join(moved, on="person_key")
    new = rows.filter(
        pl.col("noise").str.contains("moved_new") & ~pl.col("noise").str.contains("wilayah")
    )
    assert (new["kode_wilayah"] == new["pindah_ke"]).all()
    assert rows.filter(pl.col("source") == "dtks")["noise"].str.contains("moved_old").all()


def test_run_is_one_pass_and_streams(tmp_path):
    config = SynthConfig(people=2_000, seed=9)
    seen = []
    summary = run(config, tmp_path, on_chunk=lambda c: seen.append(c.persons.height))
    assert sum(seen) == summary.people
    assert len(seen) == 13
    assert summary.pendamping == 1 and summary.lks == 1 and summary.uptd == 6
    assert sum(v["people"] for v in summary.per_kabkota.values()) == summary.people
    assert summary.pkh_families == sum(v["pkh_families"] for v in summary.per_kabkota.values())
    # Same config, same files (written from a plain generator this time).
    again = write_sources(config, generate(config), tmp_path / "again")
    assert again.source_rows == summary.source_rows
    for stem in ["dtks", "lks", "truth/truth"]:
        assert (tmp_path / f"{stem}.csv").read_bytes() == (
            tmp_path / "again" / f"{stem}.csv"
        ).read_bytes()
    without_files = run(config, None)
    assert without_files.people == summary.people and without_files.source_rows == {}
