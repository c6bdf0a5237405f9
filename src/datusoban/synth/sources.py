"""Noisy source files in the interchange format, with ground truth (docs/INTERCHANGE.md).

Each source selects its people from a chunk as that institution would know them
(DTKS: poor households; PKH: the KPM families; a kab/kota PPKS register; LKS
clients; UPTD residents; flood victims), writes the columns as its staff would,
and gets the noise of data/noise.toml. Chunks are consumed one at a time.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import polars as pl

from datusoban.reference import wilayah
from datusoban.synth import addresses, fieldnoise, fieldregion, noise, ppks
from datusoban.synth.config import SynthConfig, load_toml, noise_policy, rng_for, section
from datusoban.synth.output import SynthSummary, Writer
from datusoban.synth.plan import make_plan
from datusoban.synth.population import Chunk
from datusoban.synth.realism import FieldRealism

# Source stem → (record id prefix, extra columns after the interchange ones).
EXTRAS: dict[str, list[str]] = {
    "dtks": ["jenis_pmks", "tahun_data"],
    "dtsen": ["desil"],
    "pkh": ["id_kpm", "komponen", "pendamping_id"],
    "ppks": ["jenis_ppks"],
    "lks": ["lks_id", "layanan"],
    "panti": ["uptd_id", "tanggal_masuk"],
    "bencana": ["kejadian", "tanggal_kejadian", "kondisi"],
}
PREFIX = {
    "dtks": "DTKS-",
    "dtsen": "DTSEN-",
    "pkh": "PKH-",
    "lks": "LKS-",
    "panti": "PANTI-",
    "bencana": "BNC-",
}
_HH_COLS = [
    "hh_key",
    "no_kk",
    "kode_wilayah",
    "alamat",
    "rt",
    "rw",
    "true_desil",
    "pkh",
    "pendamping_id",
]


def base(chunk: Chunk, as_of: pl.Expr) -> pl.DataFrame:
    """Every person with household, truth, head's and mother's NIK, and age."""
    p = chunk.persons
    frame = pl.concat([p, chunk.truth.drop("person_key")], how="horizontal")
    frame = frame.join(
        chunk.households.select(_HH_COLS), on="hh_key", how="left", maintain_order="left"
    )
    heads = p.filter(pl.col("hubungan_keluarga") == "kepala").select("hh_key", head_nik="nik")
    mothers = p.select(mother_key="person_key", mother_nik="nik")
    frame = frame.join(heads, on="hh_key", how="left", maintain_order="left")
    frame = frame.join(mothers, on="mother_key", how="left", maintain_order="left")
    return frame.with_columns(
        birth_year=pl.col("tanggal_lahir").dt.year(),
        age=((as_of - pl.col("tanggal_lahir")).dt.total_days() // 365.25).cast(pl.Int64),
    )


def _household_draw(rng, frame: pl.DataFrame, name: str, hh_keys: pl.Series) -> pl.DataFrame:
    """A uniform draw per household (same for all its members) as column ``name``."""
    u = pl.DataFrame({"hh_key": hh_keys, name: rng.random(len(hh_keys))})
    return frame.join(u, on="hh_key", how="left", maintain_order="left")


def _addressing(rng, rows: pl.DataFrame, pol: dict, province: str) -> pl.DataFrame:
    """People who moved appear at their old address or, in current sources, the new one."""
    moved = (rows["status"] == "pindah").to_numpy()
    new = pol["moved_address"] == "new"
    rows = rows.with_columns(
        moved_old=pl.Series(moved & (not new)),
        moved_new=pl.Series(moved & new),
        deceased=rows["status"] == "meninggal",
    )
    if not (new and moved.any()):
        return rows
    idx = np.flatnonzero(moved)
    dest = rows["pindah_ke"].gather(idx)
    urban = dest.str.slice(9, 1).eq("1").to_numpy()
    addr = addresses.addresses(rng, dest, urban, province)
    cols = {"kode_wilayah": dest, "alamat": addr["alamat"], "rt": addr["rt"], "rw": addr["rw"]}
    return rows.with_columns([rows[c].scatter(idx, v).alias(c) for c, v in cols.items()])


def _alive_or_kept(rng, rows: pl.DataFrame, pol: dict) -> pl.DataFrame:
    dead = (rows["status"] == "meninggal").to_numpy()
    keep = ~dead | (rng.random(rows.height) < pol["deceased_kept"])
    return rows.filter(pl.Series(keep))


def _ppks_names(col: str) -> pl.Expr:
    mapping = {str(k): v for k, v in ppks.names().items()}
    return (
        pl.col(col)
        .str.split(",")
        .list.eval(pl.element().replace_strict(mapping, default=""))
        .list.join(";")
    )


def _komponen(rows: pl.DataFrame) -> pl.DataFrame:
    """PKH components of each family, e.g. "anak_sd;lansia"."""
    lansia = section("programmes")["pkh_lansia_age"]
    alive = rows.filter(pl.col("status") == "hidup")
    flags = {
        "ibu_hamil": pl.col("hamil"),
        "anak_usia_dini": pl.col("age") <= 6,
        "anak_sd": pl.col("sekolah") == "sd",
        "anak_smp": pl.col("sekolah") == "smp",
        "anak_sma": pl.col("sekolah") == "sma",
        "disabilitas_berat": pl.col("disabilitas_berat"),
        "lansia": pl.col("age") >= lansia,
    }
    agg = alive.group_by("hh_key").agg(
        [e.fill_null(False).any().alias(k) for k, e in flags.items()]
    )
    parts = [pl.when(pl.col(k)).then(pl.lit(k)) for k in flags]
    return agg.select("hh_key", komponen=pl.concat_str(parts, separator=";", ignore_nulls=True))


def _select(rng, source: str, b: pl.DataFrame, chunk: Chunk) -> pl.DataFrame:
    """The clean rows one source holds, with its extra columns (as text)."""
    hh_keys = chunk.households["hh_key"]
    if source == "dtks":
        rows = _household_draw(rng, b, "_u", hh_keys)
        rows = rows.filter(
            (pl.col("true_desil") <= 4) | ((pl.col("true_desil") == 5) & (pl.col("_u") < 0.35))
        )
        return rows.with_columns(
            jenis_pmks=_ppks_names("ppks"),
            tahun_data=pl.when(pl.col("_u") < 0.3).then(pl.lit("2023")).otherwise(pl.lit("2024")),
        )
    if source == "dtsen":
        rows = _household_draw(rng, b, "_u", hh_keys).filter(pl.col("true_desil") <= 6)
        off = pl.when(pl.col("_u") < 0.075).then(-1).when(pl.col("_u") < 0.15).then(1)
        off = off.when(pl.col("_u") < 0.165).then(-2).when(pl.col("_u") < 0.18).then(2).otherwise(0)
        return rows.with_columns(desil=(pl.col("true_desil") + off).clip(1, 10).cast(pl.Utf8))
    if source == "pkh":
        rows = b.filter(pl.col("pkh"))
        # KPM ids are a fixed scramble of the household key: unique, but not the key itself.
        kpm = (pl.col("hh_key") * 7919 + 104729) % 1_000_000_000
        return rows.join(
            _komponen(rows), on="hh_key", how="left", maintain_order="left"
        ).with_columns(
            id_kpm=pl.lit(chunk.kabkota.replace(".", "")) + kpm.cast(pl.Utf8).str.zfill(9),
            pendamping_id=pl.col("pendamping_id").cast(pl.Utf8),
        )
    if source == "ppks":
        rows = b.filter(pl.col("ppks").is_not_null() & (pl.col("status") != "meninggal"))
        return rows.with_columns(jenis_ppks=pl.col("ppks").str.replace_all(",", ";"))
    if source == "lks":
        labels = section("programmes")["lks_layanan"]
        # A client of two LKS for the same need is listed by both (tumpang tindih).
        first = b.filter(pl.col("lks_id").is_not_null()).with_columns(lks_second=pl.lit(False))
        second = b.filter(pl.col("lks_id_2").is_not_null()).with_columns(
            lks_id=pl.col("lks_id_2"), layanan=pl.col("layanan_2"), lks_second=pl.lit(True)
        )
        rows = pl.concat([first, second]).filter(pl.col("status") != "meninggal")
        return rows.with_columns(
            lks_id=pl.col("lks_id").cast(pl.Utf8),
            layanan=pl.col("layanan").replace_strict(labels, default=pl.col("layanan")),
        )
    if source == "panti":
        rows = b.filter(pl.col("uptd_id").is_not_null() & (pl.col("status") != "meninggal"))
        return rows.with_columns(
            uptd_id=pl.col("uptd_id").cast(pl.Utf8),
            tanggal_masuk=pl.col("tanggal_masuk").dt.strftime("%Y-%m-%d"),
        )
    if source == "bencana":
        ev = load_toml("bencana.toml")
        rows = b.filter(pl.col("kondisi_bencana").is_not_null())
        return rows.with_columns(
            kejadian=pl.lit(ev["kejadian"]),
            tanggal_kejadian=pl.lit(str(ev["tanggal"])),
            kondisi=pl.col("kondisi_bencana"),
        )
    raise ValueError(source)


def _extras(config: SynthConfig, source: str) -> list[str]:
    """A source's extra columns; a foreign-style source also has its ``kode_pos``."""
    if config.realism is not None and config.realism.region_style(source) == "kode_pos":
        return [*EXTRAS[source], "kode_pos"]
    return EXTRAS[source]


def _field(
    config: SynthConfig,
    realism: FieldRealism,
    i: int,
    j: int,
    out: pl.DataFrame,
    facts: pl.DataFrame,
) -> pl.DataFrame:
    # A stream of its own, so the field processes never shift the draws of the others.
    rng = rng_for(config, 4, i, j)
    return fieldnoise.apply(rng, out, facts, realism, config.as_of, config.province)


def write_sources(config: SynthConfig, chunks: Iterable[Chunk], out_dir: Path) -> SynthSummary:
    """Write every source file and the ground truth, one chunk at a time."""
    started = time.perf_counter()
    plan = make_plan(config)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = Writer(out_dir)
    summary = SynthSummary(pendamping=plan.n_pendamping, lks=plan.n_lks, uptd=len(plan.uptd))
    as_of = pl.lit(config.as_of)
    kabkota = [k.kode for k in wilayah.kabkota_population(config.province)]
    try:
        for i, chunk in enumerate(chunks):
            summary.add_chunk(chunk)
            writer.truth(chunk)
            b = base(chunk, as_of)
            facts = fieldnoise.person_facts(b) if config.realism is not None else None
            for j, source in enumerate(EXTRAS):
                rng = rng_for(config, 3, i, j)
                pol = noise_policy(source)
                if config.realism is not None:
                    pol = config.realism.policy(pol)
                rows = _select(rng, source, b, chunk)
                rows = _addressing(rng, _alive_or_kept(rng, rows, pol), pol, config.province)
                out = noise.apply(rng, rows, pol, EXTRAS[source])
                if config.realism is not None:
                    out = _field(config, config.realism, i, j, out, facts)
                if source == "ppks":
                    _write_ppks(writer, out, config, plan.kecamatan_codes)
                else:
                    out = _styled(config, source, out, plan.kecamatan_codes)
                    writer.source(source, PREFIX[source], out, _extras(config, source))
        for source in EXTRAS:
            stems = (
                [f"ppks_{k.replace('.', '')}" for k in kabkota] if source == "ppks" else [source]
            )
            for stem in stems:
                writer.empty(stem, _extras(config, source))
    finally:
        writer.close()
    summary.source_rows = dict(sorted(writer.rows.items()))
    summary.seconds = time.perf_counter() - started
    return summary


def _styled(config: SynthConfig, source: str, out: pl.DataFrame, kec: np.ndarray) -> pl.DataFrame:
    if config.realism is None:
        return out
    return fieldregion.region_style(out, config.realism.region_style(source), kec)


def _write_ppks(writer: Writer, out: pl.DataFrame, config: SynthConfig, kec: np.ndarray) -> None:
    """One register per kab/kota office: rows go by the kab/kota of their address
    (decided before a foreign-style layout hides that address)."""
    out = out.with_columns(
        _kab=pl.col("kode_wilayah").str.slice(0, 5).str.replace(".", "", literal=True)
    )
    for (kab,), part in out.partition_by("_kab", as_dict=True, maintain_order=True).items():
        part = _styled(config, "ppks", part, kec)
        writer.source(f"ppks_{kab}", f"PPKS-{kab}-", part, _extras(config, "ppks"))
