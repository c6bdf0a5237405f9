"""The plan of a run: which chunks, how many people each, and the province-wide ids.

Everything that must agree across chunks is decided here, before any person is
generated: people per kab/kota, desa sizes, the ids of pendamping, LKS and UPTD
residents' quotas, the flood's kecamatan, NIK serial bands and the welfare deciles.
That is what lets each chunk be generated independently and in bounded memory.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from datusoban.reference import wilayah
from datusoban.synth import welfare
from datusoban.synth.config import SynthConfig, calibration, load_toml, rng_for, section

# NIK serials: people registered in their own kecamatan get serials from 1; people
# first registered in another kecamatan get serials from a band reserved for their
# chunk, so two chunks can never issue the same NIK (see ids.nik_serials).
HOME_SERIAL_MAX = 4999
FOREIGN_SERIAL_START = 5000


@dataclass(frozen=True, eq=False)
class ChunkSpec:
    index: int
    kabkota: str
    part: int
    people: int
    desa: tuple[str, ...]
    desa_weight: np.ndarray
    desa_urban: np.ndarray
    pendamping_ids: tuple[int, ...]
    lks_ids: tuple[int, ...]
    uptd_quota: tuple[int, ...]
    foreign_serial_start: int


@dataclass(frozen=True, eq=False)
class Plan:
    config: SynthConfig
    chunks: tuple[ChunkSpec, ...]
    n_pendamping: int
    n_lks: int
    lks_layanan: dict[int, str]
    lks_kabkota: dict[int, str]
    desil_cuts: np.ndarray
    welfare_mean: dict[str, float]
    flooded_kecamatan: frozenset[str]
    kecamatan_codes: np.ndarray  # every kecamatan of the province as a 6-digit int
    foreign_band: int
    welfare_center: float
    welfare_scale: float
    uptd: tuple[dict, ...] = field(default=())


def apportion(total: int, weights) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    w = np.asarray(weights, dtype=float)
    if total <= 0 or w.sum() <= 0:
        return np.zeros(len(w), dtype=np.int64)
    exact = total * w / w.sum()
    base = np.floor(exact).astype(np.int64)
    rest = total - int(base.sum())
    order = np.argsort(-(exact - base), kind="stable")
    base[order[:rest]] += 1
    return base


def _split_kecamatan(kec: list[str], weight: np.ndarray, parts: int) -> list[list[str]]:
    """Contiguous groups of kecamatan with about equal weight."""
    cum = np.cumsum(weight) / weight.sum()
    group = np.minimum((cum - weight / weight.sum() / 2) * parts, parts - 1).astype(int)
    return [[k for k, g in zip(kec, group, strict=True) if g == p] for p in range(parts)]


@cache
def make_plan(config: SynthConfig) -> Plan:
    cal = calibration()
    hh = section("households")
    wcfg = section("welfare")
    prog = section("programmes")
    rng = rng_for(config, 0)
    kabs = wilayah.kabkota_population(config.province)
    codes = [k.kode for k in kabs]
    people_kab = apportion(config.people, [k.jumlah for k in kabs])

    desa_all = wilayah.within(config.province, wilayah.DESA)
    chunks_raw = []
    mix_means, mix_weights = [], []
    for kode, n_people in zip(codes, people_kab, strict=True):
        desa = [d for d in desa_all if d.kode.startswith(kode + ".")]
        urban = np.array([d.kode.rsplit(".", 1)[1].startswith("1") for d in desa])
        weight = rng.lognormal(0.0, hh["desa_weight_sigma"], len(desa))
        weight *= np.where(urban, hh["kelurahan_weight"], 1.0)
        share_urban = weight[urban].sum() / weight.sum()
        mu = wcfg["mean"][kode]
        mix_means += [mu, mu + wcfg["urban_bonus"]]
        mix_weights += [n_people * (1 - share_urban), n_people * share_urban]
        parts = max(1, math.ceil(n_people / cal["chunk_max_people"]))
        kec = sorted({d.kode.rsplit(".", 1)[0] for d in desa})
        kec_of = np.array([d.kode.rsplit(".", 1)[0] for d in desa])
        kec_w = np.array([weight[kec_of == k].sum() for k in kec])
        groups = _split_kecamatan(kec, kec_w, parts)
        mask = [np.isin(kec_of, g) for g in groups]
        part_people = apportion(int(n_people), [weight[m].sum() for m in mask])
        for p, m in enumerate(mask):
            chunks_raw.append(
                (
                    kode,
                    p,
                    parts,
                    int(part_people[p]),
                    tuple(d.kode for d, x in zip(desa, m, strict=True) if x),
                    weight[m],
                    urban[m],
                )
            )
    if not mix_means or sum(mix_weights) == 0:
        mix_weights = [1.0] * len(mix_means)
    mw = np.array(mix_weights, dtype=float) / sum(mix_weights)
    center = float(np.dot(mw, mix_means))
    scale = float(np.sqrt(wcfg["sigma"] ** 2 + np.dot(mw, (np.array(mix_means) - center) ** 2)))
    cuts = welfare.mixture_quantiles(
        np.array(mix_means), np.array(mix_weights, dtype=float), wcfg["sigma"]
    )

    # Pendamping: allocated by the expected number of poor families in each kab/kota.
    poor = np.array(
        [
            n
            * welfare.share_below(
                cuts[prog["pkh_desil_max"] - 1],
                mix_means[2 * i : 2 * i + 2],
                mix_weights[2 * i : 2 * i + 2],
                wcfg["sigma"],
            )
            for i, n in enumerate(people_kab)
        ]
    )
    n_pend = max(1, round(cal["pendamping"] * config.scale))
    pend_by_kab = _ids_by_kabkota(n_pend, poor, codes)
    n_lks = max(1, round(cal["lks"] * config.scale))
    lks_counts = apportion(n_lks, people_kab)
    lks_by_kab, lks_kabkota, nxt = {}, {}, 1
    for kode, c in zip(codes, lks_counts, strict=True):
        lks_by_kab[kode] = tuple(range(nxt, nxt + int(c)))
        lks_kabkota.update({i: kode for i in lks_by_kab[kode]})
        nxt += int(c)
    layanan = list(prog["lks_layanan"])
    lks_layanan = {i: layanan[(i - 1) % len(layanan)] for i in range(1, n_lks + 1)}

    uptd = tuple(load_toml("uptd.toml")["uptd"])
    residents = max(cal["uptd_min_residents"], round(cal["uptd_residents"] * config.scale))
    chunk_people = [c[3] for c in chunks_raw]
    quota = np.stack([apportion(residents, chunk_people) for _ in uptd], axis=1)
    # Spread the quotas: without this every UPTD would take its few residents from
    # the same largest chunks at small scale.
    for j in range(len(uptd)):
        quota[:, j] = np.roll(quota[:, j], j)

    band = (9999 - FOREIGN_SERIAL_START + 1) // max(1, len(chunks_raw))
    chunks = []
    for i, (kode, p, parts, n, desa, w, u) in enumerate(chunks_raw):
        pend = pend_by_kab[kode]
        lks = lks_by_kab[kode]
        chunks.append(
            ChunkSpec(
                index=i,
                kabkota=kode,
                part=p,
                people=n,
                desa=desa,
                desa_weight=w,
                desa_urban=u,
                pendamping_ids=pend[p::parts] if len(pend) >= parts else pend,
                lks_ids=lks[p::parts],
                uptd_quota=tuple(int(q) for q in quota[i]),
                foreign_serial_start=FOREIGN_SERIAL_START + i * band,
            )
        )
    return Plan(
        config=config,
        chunks=tuple(chunks),
        n_pendamping=n_pend,
        n_lks=n_lks,
        lks_layanan=lks_layanan,
        lks_kabkota=lks_kabkota,
        desil_cuts=cuts,
        welfare_mean={k: wcfg["mean"][k] for k in codes},
        flooded_kecamatan=_flooded(config),
        kecamatan_codes=_kecamatan_codes(config.province),
        foreign_band=band,
        welfare_center=center,
        welfare_scale=scale,
        uptd=uptd,
    )


def _ids_by_kabkota(n: int, weight: np.ndarray, codes: list[str]) -> dict[str, tuple[int, ...]]:
    """Consecutive ids per kab/kota; every kab/kota gets at least one id.

    With fewer ids than kab/kota (tiny runs) ids are shared round-robin, so a
    pendamping may then serve families in more than one kab/kota.
    """
    if n < len(codes):
        return {c: ((i % n) + 1,) for i, c in enumerate(codes)}
    counts = 1 + apportion(n - len(codes), weight)
    out, nxt = {}, 1
    for c, k in zip(codes, counts, strict=True):
        out[c] = tuple(range(nxt, nxt + int(k)))
        nxt += int(k)
    return out


def _flooded(config: SynthConfig) -> frozenset[str]:
    event = load_toml("bencana.toml")
    rng = rng_for(config, 0, 1)
    chosen: set[str] = set()
    for kab in event["kabkota"]:
        cands = kab["candidates"]
        chosen.update(rng.choice(cands, size=min(kab["kecamatan"], len(cands)), replace=False))
    return frozenset(str(c) for c in chosen)


@cache
def _kecamatan_codes(province: str) -> np.ndarray:
    kec = wilayah.within(province, wilayah.KECAMATAN)
    return np.array(sorted(int(k.kode.replace(".", "")) for k in kec), dtype=np.int64)
