"""Whole runs with ``--realism field``: the files, their ground truth, the rates, the seed;
and ``clean`` byte for byte as before."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from datusoban.interchange import COLUMNS
from datusoban.synth import SynthConfig, generate, write_sources
from datusoban.synth.realism import FieldRealism, RealismError, parameters, with_overrides

README = Path(__file__).resolve().parents[3] / "README.md"
NIK_LABELS = ("nik_typo", "nik_excel", "nik_family")


def digests(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*.csv"))
    }


def run(tmp: Path, realism: FieldRealism | None, seed: int = 3, people: int = 5_000) -> Path:
    config = SynthConfig(people=people, seed=seed, realism=realism)
    write_sources(config, generate(config), tmp)
    return tmp


@pytest.fixture(scope="module")
def field(tmp_path_factory) -> Path:
    return run(tmp_path_factory.mktemp("field"), FieldRealism())


def rows(out: Path) -> pl.DataFrame:
    """Every source row with its truth row and the person's true record."""
    frames = [
        pl.read_csv(p, infer_schema=False).with_columns(source=pl.lit(p.stem))
        for p in sorted(out.glob("*.csv"))
    ]
    written = pl.concat(frames, how="diagonal")
    truth = pl.read_csv(out / "truth" / "truth.csv", infer_schema=False)
    persons = pl.read_csv(out / "truth" / "persons.csv", infer_schema=False).select(
        "person_key",
        "hh_key",
        true_nik="nik",
        true_jk="jenis_kelamin",
        true_lahir="tanggal_lahir",
    )
    joined = written.join(truth, on=["source", "record_id"], how="left", validate="1:1")
    return joined.join(persons, on=["person_key", "hh_key"], how="left").with_columns(
        noise=pl.col("noise").fill_null("")
    )


def labelled(frame: pl.DataFrame, label: str) -> pl.Series:
    return frame["noise"].str.split(";").list.contains(label)


def test_clean_is_byte_for_byte_the_generator_before_field_realism(tmp_path):
    # Digests of the files of this run written by the generator before --realism existed.
    expected = json.loads((Path(__file__).parent / "data" / "clean_sha256.json").read_text())
    assert digests(run(tmp_path, None, seed=17, people=3_000)) == expected


def test_field_files_keep_the_interchange_columns(field):
    for path in field.glob("*.csv"):
        header = path.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        assert header[: len(COLUMNS)] == list(COLUMNS), path.name


def test_every_field_row_belongs_to_its_person(field):
    frame = rows(field)
    assert frame["person_key"].null_count() == 0
    assert frame["true_jk"].null_count() == 0  # every person_key is a real person
    # Sex is never noised (only its spelling): it must be the person's.
    assert (frame["jenis_kelamin"].str.slice(0, 1) == frame["true_jk"]).all()
    # A NIK is missing, the person's own, or changed with a label that says how.
    nik_noise = pl.any_horizontal([labelled(frame, k) for k in NIK_LABELS])
    wrong = frame.filter(
        pl.col("nik").is_not_null() & (pl.col("nik") != pl.col("true_nik")) & ~nik_noise
    )
    assert wrong.height == 0
    # A birth date without a date label is the person's own.
    dob_noise = pl.any_horizontal(
        [
            labelled(frame, k)
            for k in ("dob_placeholder", "dob_year_only", "dob_typo", "dob_swap", "dob_unknown")
        ]
    )
    plain = frame.filter(~dob_noise & pl.col("tanggal_lahir").is_not_null())
    for written, true in zip(plain["tanggal_lahir"], plain["true_lahir"], strict=True):
        parsed = next(
            datetime.strptime(written, f).date()
            for f in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
            if _parses(written, f)
        )
        assert parsed.isoformat() == true


def _parses(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def test_a_borrowed_nik_belongs_to_the_same_household(field):
    frame = rows(field)
    persons = pl.read_csv(field / "truth" / "persons.csv", infer_schema=False)
    borrowed = frame.filter(labelled(frame, "nik_family"))
    assert borrowed.height > 0
    found = borrowed.join(
        persons.select("hh_key", nik_owner="person_key", nik="nik"), on=["hh_key", "nik"]
    )
    assert found.height == borrowed.height
    assert (found["nik_owner"] != found["person_key"]).all()


@pytest.mark.parametrize(
    ("label", "rate"),
    [
        ("nik_missing", FieldRealism.nik_missing),
        ("nik_typo", FieldRealism.nik_typo),
        ("dob_placeholder", FieldRealism.dob_placeholder),
        ("dob_year_only", FieldRealism.dob_year_only),
        ("dob_typo", FieldRealism.dob_typo),
        ("kk_old", FieldRealism.kk_changed),
    ],
)
def test_row_level_processes_at_their_default_rate(field, label, rate):
    frame = rows(field)
    n = frame.height
    share = labelled(frame, label).mean()
    # Four standard errors, plus a little for rows the process cannot change
    # (a placeholder on a true 1 July, a KK already missing).
    assert rate - 4 * np.sqrt(rate * (1 - rate) / n) - 0.25 * rate <= share
    assert share <= rate + 4 * np.sqrt(rate * (1 - rate) / n)


def test_duplicates_and_moves_at_about_their_rates(field):
    frame = rows(field)
    n = frame.height
    dup = labelled(frame, "dup").sum() / (n - labelled(frame, "dup").sum())
    assert abs(dup - FieldRealism.dup) < 4 * np.sqrt(FieldRealism.dup / n)
    desa = frame.filter(pl.col("kode_wilayah").str.len_chars() == 13)
    moved = labelled(desa, "moved_desa").mean()
    assert abs(moved - FieldRealism.moved_desa) < 4 * np.sqrt(FieldRealism.moved_desa / n)
    kab = labelled(desa, "moved_kabkota").mean()
    assert abs(kab - FieldRealism.moved_kabkota) < 4 * np.sqrt(FieldRealism.moved_kabkota / n)


def test_field_is_deterministic_for_a_seed_and_differs_between_seeds(tmp_path, field):
    again = run(tmp_path / "again", FieldRealism())
    assert digests(again) == digests(field)
    other = run(tmp_path / "other", FieldRealism(), seed=4)
    assert digests(other)["dtks.csv"] != digests(field)["dtks.csv"]


def test_foreign_style_sources(tmp_path):
    realism = with_overrides(
        FieldRealism(), ["kode_pos_sources=lks,ppks", "no_region_sources=bencana"]
    )
    out = run(tmp_path, realism, people=2_000)
    lks = pl.read_csv(out / "lks.csv", infer_schema=False)
    assert lks.columns[-1] == "kode_pos" and lks["kode_wilayah"].null_count() == lks.height
    assert lks["kode_pos"].drop_nulls().str.contains(r"^7\d{4}$").all()
    # Kab/kota PPKS registers still go to their own office's file.
    ppks = pl.read_csv(out / "ppks_6371.csv", infer_schema=False)
    assert "kode_pos" in ppks.columns and ppks["kode_wilayah"].null_count() == ppks.height
    bencana = pl.read_csv(out / "bencana.csv", infer_schema=False)
    assert "kode_pos" not in bencana.columns
    assert bencana["kode_wilayah"].null_count() == bencana.height
    assert "kode_pos" not in pl.read_csv(out / "dtks.csv", infer_schema=False).columns


def test_overrides_are_parsed_and_checked():
    p = with_overrides(FieldRealism(), ["nik_missing=0.3", " dup = 0 ", "kode_pos_sources=lks"])
    assert (p.nik_missing, p.dup, p.kode_pos_sources) == (0.3, 0.0, ("lks",))
    for bad, message in [
        ("nik_missing", "NAMA=NILAI"),
        ("nik_missing=tiga", "bukan angka"),
        ("nik_missing=1.2", "antara 0 dan 1"),
        ("salah=0.1", "tidak dikenal"),
        ("no_region_sources=dukcapil", "sumber tidak dikenal dukcapil"),
        ("dob_typo=0.9", "tidak boleh lebih dari 1"),
    ]:
        with pytest.raises(RealismError, match=message):
            with_overrides(FieldRealism(), [bad])


def test_every_parameter_is_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Synthetic data") :]
    section = section[: section.index("\n## ", 5)]
    for name, default in parameters().items():
        assert f"`{name}`" in section, name
        if isinstance(default, float):
            assert f"`{name}` | {default:g}" in section, name
