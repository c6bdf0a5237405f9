"""The synthetic population, generated chunk by chunk (one per kab/kota or part of one).

``generate`` is a generator so that 4.3 million people never sit in memory at
once: each chunk is built from its own random stream (config.rng_for) and from the
plan, so its content does not depend on how the caller consumes earlier chunks.
Only the running household/person key offsets carry from chunk to chunk.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import polars as pl

from datusoban.synth import addresses, households, ids, persons, ppks, programmes, traits, welfare
from datusoban.synth.config import SynthConfig, load_toml, rng_for, section
from datusoban.synth.households import ANAK, CUCU, KEPALA, PASANGAN
from datusoban.synth.plan import ChunkSpec, Plan, make_plan

ASSETS = [
    "aset_lpg",
    "aset_kulkas",
    "aset_ac",
    "aset_motor",
    "aset_mobil",
    "aset_emas",
    "aset_smartphone",
    "aset_komputer",
    "aset_perahu",
    "aset_ternak",
    "aset_lahan",
]
HOUSING = [
    "status_bangunan",
    "status_lahan",
    "lantai",
    "dinding",
    "atap",
    "sumber_air",
    "penerangan",
    "bahan_bakar_masak",
    "fasilitas_bab",
]
_KK_FROM = (date(2005, 1, 1) - date(1970, 1, 1)).days


@dataclass
class Chunk:
    kabkota: str  # "63.71"
    households: pl.DataFrame
    persons: pl.DataFrame
    # Facts only the ground truth and the source files need, one row per person in
    # the order of ``persons``: person_key, mother_key, twin_group, namesake_group,
    # pindah_ke, kondisi_bencana, tanggal_masuk, layanan, layanan_2.
    truth: pl.DataFrame = field(default_factory=pl.DataFrame)


def generate(config: SynthConfig) -> Iterator[Chunk]:
    plan = make_plan(config)
    hh_offset = person_offset = planned = 0
    for spec in plan.chunks:
        # Households are whole, so each chunk misses its target by part of one; the
        # next chunk makes up the difference and the total stays within one household.
        target = max(0, spec.people + planned - person_offset)
        planned += spec.people
        chunk = build_chunk(plan, spec, hh_offset, person_offset, target)
        hh_offset += chunk.households.height
        person_offset += chunk.persons.height
        yield chunk


def _structure(config: SynthConfig, spec: ChunkSpec, people: int):
    cfg = section("households")
    n_try = math.ceil(people / 3.3) + 20
    for attempt in range(20):
        rng = rng_for(config, 1, spec.index, attempt)
        built = households.truncate(households.build(rng, n_try, config.as_of_days, cfg), people)
        if built is not None:
            return built
        n_try = int(n_try * 1.3) + 10
    raise RuntimeError("could not reach the requested number of people")


def build_chunk(
    plan: Plan, spec: ChunkSpec, hh_offset: int, person_offset: int, people: int | None = None
) -> Chunk:
    """One chunk of about ``people`` people (default: the plan's number for it)."""
    config = plan.config
    as_of = config.as_of_days
    s, h = _structure(config, spec, spec.people if people is None else people)
    rng = rng_for(config, 2, spec.index)
    n = len(s.hh)
    place = load_toml("places.toml")["kabkota"].get(spec.kabkota, {})

    # Where each household lives.
    desa_i = (
        rng.choice(len(spec.desa), h, p=spec.desa_weight / spec.desa_weight.sum())
        if h
        else np.zeros(0, int)
    )
    desa_codes = np.array(spec.desa)[desa_i] if h else np.zeros(0, dtype="<U13")
    urban_h = spec.desa_urban[desa_i] if h else np.zeros(0, bool)
    # Per-desa lookups (a few hundred desa), then indexed per household.
    kec_of_desa = np.array([int(d[:8].replace(".", "")) for d in spec.desa], dtype=np.int64)
    flooded_desa = np.array([d[:8] in plan.flooded_kecamatan for d in spec.desa])
    kec_h = kec_of_desa[desa_i]
    jawa_h = rng.random(h) < place.get("jawa", 0.0)
    gusti_h = ~jawa_h & (rng.random(h) < load_toml("names.toml")["gusti"]["share"])

    # Welfare, tied to household make-up.
    age = ids.age_years(s.birth, as_of)
    size = np.bincount(s.hh, minlength=h)
    head = np.flatnonzero(s.role == KEPALA)
    has_sp = np.bincount(s.hh, weights=s.role == PASANGAN, minlength=h) > 0
    n_child = np.bincount(s.hh, weights=age < 18, minlength=h)
    head_f = s.female[head]
    single_eld = (size == 1) & (age[head] >= 60)
    score = 0.3 * n_child + 0.9 * single_eld + 0.6 * (head_f & ~has_sp) + 0.1 * size
    wcfg = section("welfare")
    mean = plan.welfare_mean[spec.kabkota] + wcfg["urban_bonus"] * urban_h
    tw = welfare.latent(rng, mean, wcfg["sigma"], score, wcfg["composition_noise"])
    desil_h = welfare.desil(tw, plan.desil_cuts)
    zw_h = (tw - plan.welfare_center) / plan.welfare_scale
    attrs = welfare.attributes(rng, zw_h, size, ~urban_h, np.full(h, bool(place.get("river"))))

    # People.
    m = s.hh
    ctx = persons.Context(
        kabkota=spec.kabkota,
        as_of=as_of,
        age=age,
        zw=zw_h[m],
        desil=desil_h[m],
        urban=urban_h[m],
        jawa=jawa_h[m],
        gusti=gusti_h[m],
        kecamatan=kec_h[m],
        foreign_start=spec.foreign_serial_start,
    )
    ident = persons.identity(rng, s, ctx, plan)
    female = ident["female"]
    status = traits.status(rng, age)
    alive = status == traits.HIDUP
    hamil = traits.hamil(rng, age, female, s.role, alive)
    by = ids.ymd(s.birth)[0]
    sekolah, pendidikan = traits.schooling(rng, age, ctx.zw, by)
    pekerjaan = traits.pekerjaan(
        rng, age, female, sekolah, ctx.zw, ~ctx.urban, bool(place.get("coast"))
    )
    dis, berat, sakit = traits.health(rng, age, ctx.zw)

    dead = status == traits.MENINGGAL
    victim, kondisi = programmes.victims(rng, flooded_desa[desa_i], m, s.birth, dead)
    alone = size[m] == 1
    inputs = ppks.Inputs(
        age=age,
        female=female,
        desil=ctx.desil,
        disabled=dis >= 0,
        urban=ctx.urban,
        hh=m,
        n_households=h,
        hh_desil=desil_h,
        hh_urban=urban_h,
        alone=alone,
        female_head_alone=(s.role == KEPALA) & female & ~has_sp[m],
        no_mother=(s.mother < 0) & np.isin(s.role, [ANAK, CUCU]),
        victim=victim,
        kabkota=spec.kabkota,
    )
    matrix = ppks.assign(rng, inputs)
    people = programmes.People(age, female, s.birth, alive, ctx.desil, alone, dis, berat, matrix)
    uptd_id, masuk = programmes.uptd_residents(rng, people, plan, spec.uptd_quota, as_of)
    lks1, lks2 = programmes.lks_clients(rng, people, plan, spec.lks_ids, spec.kabkota)

    prog = section("programmes")
    school = np.isin(sekolah, [traits.SEKOLAH.index(k) for k in ("sd", "smp", "sma")])
    comp = alive & (hamil | (age <= 6) | school | people.berat | (age >= prog["pkh_lansia_age"]))
    comp_h = np.bincount(m, weights=comp, minlength=h) > 0
    pkh_h = programmes.pkh(rng, spec.people, desil_h, zw_h, comp_h)
    bpnt_h = programmes.bpnt(rng, desil_h, pkh_h)
    pend_h = programmes.pendamping(pkh_h, desa_i, spec.pendamping_ids)

    # Keys and numbers.
    hh_key = np.arange(hh_offset + 1, hh_offset + h + 1, dtype=np.int64)
    person_key = np.arange(person_offset + 1, person_offset + n + 1, dtype=np.int64)
    issue = rng.integers(_KK_FROM, as_of, h)
    issue = np.minimum(np.maximum(issue, s.birth[head] + int(17 * 365.25)), as_of - 1)
    kk_date = ids.ddmmyy(issue)
    kk = ids.number(kec_h, kk_date, ids.serials(kec_h, kk_date, np.ones(h, bool), 0, 1))

    addr = addresses.addresses(rng, pl.Series(desa_codes, dtype=pl.Utf8), urban_h, config.province)
    hh_frame = pl.DataFrame(
        {
            "hh_key": pl.Series(hh_key, dtype=pl.Int64),
            "no_kk": ids.to_text(kk, "no_kk"),
            "kode_wilayah": pl.Series(desa_codes, dtype=pl.Utf8),
            "alamat": addr["alamat"],
            "rt": addr["rt"],
            "rw": addr["rw"],
            "luas_lantai": pl.Series(attrs["luas_lantai"], dtype=pl.Int32),
            **{c: attrs[c].alias(c) for c in HOUSING},
            **{c: pl.Series(c, attrs[c], dtype=pl.Boolean) for c in ASSETS},
            "true_welfare": pl.Series(tw, dtype=pl.Float64),
            "true_desil": pl.Series(desil_h, dtype=pl.Int8),
            "pkh": pl.Series(pkh_h, dtype=pl.Boolean),
            "bpnt": pl.Series(bpnt_h, dtype=pl.Boolean),
            "pendamping_id": _nullable(pend_h, pkh_h, pl.Int32),
        }
    )

    def key_of(ref: np.ndarray) -> pl.Series:
        return _nullable(person_key[np.maximum(ref, 0)], ref >= 0, pl.Int64)

    persons_frame = pl.DataFrame(
        {
            "person_key": pl.Series(person_key, dtype=pl.Int64),
            "hh_key": pl.Series(hh_key[m], dtype=pl.Int64),
            "nik": ids.to_text(ident["nik"], "nik"),
            "nama": ident["nama"],
            "jenis_kelamin": ident["jenis_kelamin"],
            "tempat_lahir": ident["tempat_lahir"],
            "tanggal_lahir": pl.Series(s.birth.astype(np.int32)).cast(pl.Date),
            "nama_ibu_kandung": ident["nama_ibu_kandung"],
            "hubungan_keluarga": ident["hubungan_keluarga"],
            "status": traits.coded(traits.STATUS, status, "status"),
            "hamil": pl.Series(hamil, dtype=pl.Boolean),
            "sekolah": traits.coded(traits.SEKOLAH, sekolah, "sekolah"),
            "pendidikan": traits.coded(traits.EDU, pendidikan, "pendidikan"),
            "pekerjaan": traits.coded(traits.WORK, pekerjaan, "pekerjaan"),
            "disabilitas": traits.coded(traits.DISABILITAS, people.disabilitas, "disabilitas"),
            "disabilitas_berat": pl.Series(people.berat, dtype=pl.Boolean),
            "penyakit_kronis": traits.coded(traits.SICK, sakit, "penyakit_kronis"),
            "ppks": ppks.to_text(people.ppks),
            "lks_id": _nullable(lks1, lks1 > 0, pl.Int32),
            "lks_id_2": _nullable(lks2, lks2 > 0, pl.Int32),
            "uptd_id": _nullable(uptd_id, uptd_id > 0, pl.Int8),
        }
    )
    # Twins and namesakes are grouped under the key of the first member of the pair.
    twin_group = np.where(s.twin_of >= 0, s.twin_of, -1)
    twin_group[s.twin_of[s.twin_of >= 0]] = s.twin_of[s.twin_of >= 0]
    ns_group = np.where(s.namesake_of >= 0, s.namesake_of, -1)
    ns_group[s.namesake_of[s.namesake_of >= 0]] = s.namesake_of[s.namesake_of >= 0]
    layanan = ["", *plan.lks_layanan.values()]
    desa_list, moved = _moved_to(rng, status == traits.PINDAH, spec, config.province)
    truth = pl.DataFrame(
        {
            "person_key": pl.Series(person_key, dtype=pl.Int64),
            "mother_key": key_of(s.mother),
            "twin_group": key_of(twin_group),
            "namesake_group": key_of(ns_group),
            "pindah_ke": traits.coded(desa_list, moved, "pindah_ke"),
            "kondisi_bencana": traits.coded(programmes.KONDISI, kondisi, "kondisi_bencana"),
            "tanggal_masuk": _nullable(masuk, masuk >= 0, pl.Int32).cast(pl.Date),
            "layanan": traits.coded(layanan, np.where(lks1 > 0, lks1, -1), "layanan"),
            "layanan_2": traits.coded(layanan, np.where(lks2 > 0, lks2, -1), "layanan_2"),
        }
    )
    return Chunk(spec.kabkota, hh_frame, persons_frame, truth)


def _nullable(values: np.ndarray, keep: np.ndarray, dtype) -> pl.Series:
    """``values`` where ``keep``, null elsewhere."""
    frame = pl.DataFrame(
        {"v": pl.Series(values).cast(dtype), "k": pl.Series(keep, dtype=pl.Boolean)}
    )
    return frame.select(pl.when(pl.col("k")).then(pl.col("v")))["v"]


def _moved_to(
    rng, moved: np.ndarray, spec: ChunkSpec, province: str
) -> tuple[list[str], np.ndarray]:
    """The desa a person who moved out now lives in (index into the returned list, -1
    if not moved): mostly a desa of the same chunk, some anywhere in the province."""
    all_desa = sorted(addresses.desa_names(province))
    out = np.full(len(moved), -1, dtype=np.int64)
    idx = np.flatnonzero(moved)
    near = np.searchsorted(all_desa, np.array(spec.desa)[rng.integers(0, len(spec.desa), len(idx))])
    far = rng.integers(0, len(all_desa), len(idx))
    out[idx] = np.where(rng.random(len(idx)) < 0.7, near, far)
    return all_desa, out
