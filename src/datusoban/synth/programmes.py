"""Programmes and services: flood victims, UPTD residents, LKS clients, PKH, BPNT.

Counts are calibrated to the known Kalsel figures scaled to the run (111,671 PKH
families, 413 pendamping, 199 LKS × ~20 clients, 6 UPTD × ~50 residents at full
scale); the plan has already split them over chunks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from datusoban.synth.config import EPOCH, calibration, load_toml, section
from datusoban.synth.traits import DISABILITAS


def _weighted_pick(rng: np.random.Generator, weight: np.ndarray, k: int) -> np.ndarray:
    """k indices without replacement, probability by weight (Efraimidis–Spirakis keys)."""
    ok = np.flatnonzero(weight > 0)
    if k <= 0 or len(ok) == 0:
        return np.zeros(0, dtype=np.int64)
    if k >= len(ok):
        return ok
    keys = np.log(rng.random(len(ok))) / weight[ok]
    return ok[np.argpartition(-keys, k - 1)[:k]]


KONDISI = ("mengungsi", "terdampak", "luka", "meninggal")


def victims(rng, flooded: np.ndarray, hh: np.ndarray, birth: np.ndarray, dead: np.ndarray):
    """Members of flooded households born before the event, and their condition (index
    into KONDISI, -1 for non-victims)."""
    ev = load_toml("bencana.toml")
    day = (ev["tanggal"] - EPOCH).days if isinstance(ev["tanggal"], date) else 0
    hit = flooded & (rng.random(len(flooded)) < ev["household_share"])
    victim = hit[hh] & (birth < day)
    k = ev["kondisi"]
    u = rng.random(len(hh))
    kondisi = np.where(u < k["mengungsi"], 0, np.where(u < k["mengungsi"] + k["terdampak"], 1, 2))
    kondisi = np.where(dead & (rng.random(len(hh)) < k["meninggal_if_dead"]), 3, kondisi)
    return victim, np.where(victim, kondisi, -1)


# Who each UPTD takes in: age range, sex ('L' or None), PPKS category set on entry.
_UPTD_RULES = {
    "lansia": (60, 120, None, 8),
    "anak": (6, 17, None, 2),
    "remaja_abh": (12, 17, "L", 3),
    "disabilitas_mental": (18, 59, None, 9),
    "disabilitas_netra_fisik": (15, 59, None, 9),
    "gelandangan_pengemis": (18, 70, None, 11),
}


@dataclass
class People:
    """Mutable per-person arrays that programmes read and adjust."""

    age: np.ndarray
    female: np.ndarray
    birth: np.ndarray
    alive: np.ndarray
    desil: np.ndarray
    alone: np.ndarray
    disabilitas: np.ndarray
    berat: np.ndarray
    ppks: np.ndarray  # (n, 26) boolean


def uptd_residents(rng, p: People, plan, quota: tuple[int, ...], as_of: int):
    """uptd_id per person (0 = none) and tanggal_masuk (days, -1 = none)."""
    n = len(p.age)
    uptd_id = np.zeros(n, dtype=np.int8)
    masuk = np.full(n, -1, dtype=np.int64)
    for u, q in zip(plan.uptd, quota, strict=True):
        lo, hi, sex, cat = _UPTD_RULES[u["jenis"]]
        ok = p.alive & (uptd_id == 0) & (p.age >= lo) & (p.age <= hi)
        if sex == "L" and (ok & ~p.female).sum() >= q:
            ok &= ~p.female
        w = ok * (1.0 + 9.0 * (p.desil <= 3) + 2.0 * p.alone)
        pick = _weighted_pick(rng, w, q)
        uptd_id[pick] = u["id"]
        days_in = rng.integers(30, 5 * 365, len(pick))
        masuk[pick] = np.maximum(as_of - days_in, p.birth[pick] + int(lo * 365.25) + 1)
        col = cat - 1
        if u["jenis"] == "gelandangan_pengemis":
            col = np.where(rng.random(len(pick)) < 0.5, 10, 11)  # Gelandangan or Pengemis
        elif u["jenis"] == "disabilitas_netra_fisik":
            col = np.where(p.age[pick] < 18, 4, 8)  # a child is category 5, an adult 9
        p.ppks[pick, col] = True
        if u["jenis"].startswith("disabilitas"):
            kinds = (
                ["mengingat", "perilaku"]
                if u["jenis"].endswith("mental")
                else ["penglihatan", "berjalan"]
            )
            codes = np.array([DISABILITAS.index(k) for k in kinds], dtype=np.int8)
            p.disabilitas[pick] = codes[rng.integers(0, 2, len(pick))]
            p.berat[pick] = True
    return uptd_id, masuk


def lks_clients(rng, p: People, plan, lks_ids: tuple[int, ...], kabkota: str):
    """lks_id and lks_id_2 per person (0 = none)."""
    n = len(p.age)
    prog = section("programmes")
    per = calibration()["lks_clients"]
    lks1 = np.zeros(n, dtype=np.int32)
    for lid in lks_ids:
        kind = plan.lks_layanan[lid]
        need = {
            "lansia": (p.age >= 60, p.ppks[:, 7]),
            "anak": (p.age < 18, p.ppks[:, :7].any(axis=1)),
            "disabilitas": (p.disabilitas >= 0, p.ppks[:, [4, 8]].any(axis=1)),
            "pemberdayaan": ((p.age >= 18) & (p.age < 60), p.ppks[:, [22, 23]].any(axis=1)),
        }[kind]
        w = (p.alive & (lks1 == 0) & need[0]) * (1.0 + 20.0 * need[1] + 3.0 * (p.desil <= 3))
        lks1[_weighted_pick(rng, w, per)] = lid
    lks2 = np.zeros(n, dtype=np.int32)
    clients = np.flatnonzero(lks1 > 0)
    second = clients[rng.random(len(clients)) < prog["lks_overlap"]]
    for i in second:  # a handful per chunk
        kind = plan.lks_layanan[int(lks1[i])]
        same = [j for j, k in plan.lks_layanan.items() if k == kind and j != lks1[i]]
        local = [j for j in same if plan.lks_kabkota[j] == kabkota]
        pool = local or same
        if pool:
            lks2[i] = pool[int(rng.integers(0, len(pool)))]
    return lks1, lks2


def pkh(rng, people: int, desil: np.ndarray, zw: np.ndarray, component: np.ndarray) -> np.ndarray:
    """PKH families: mostly poor (desil 1–4) families with a component, some errors."""
    cal, prog = calibration(), section("programmes")
    target = round(cal["pkh_families"] / cal["people"] * people)
    n_in = round(target * prog["pkh_inclusion_error"])
    eligible = component & (desil <= prog["pkh_desil_max"])
    chosen = _weighted_pick(rng, eligible * np.exp(-1.2 * zw), target - n_in)
    out = np.zeros(len(desil), dtype=bool)
    out[chosen] = True
    near = component & (desil > prog["pkh_desil_max"]) & (desil <= prog["pkh_desil_max"] + 3)
    out[_weighted_pick(rng, near * 1.0, target - len(chosen))] = True
    return out


def bpnt(rng, desil: np.ndarray, is_pkh: np.ndarray) -> np.ndarray:
    prog = section("programmes")
    p = np.asarray(prog["bpnt_by_desil"])[desil - 1]
    p = np.where(is_pkh, prog["bpnt_if_pkh"], p)
    return rng.random(len(desil)) < p


def pendamping(is_pkh: np.ndarray, desa_index: np.ndarray, ids: tuple[int, ...]) -> np.ndarray:
    """Pendamping per PKH family: neighbouring desa share a pendamping (0 = none)."""
    out = np.zeros(len(is_pkh), dtype=np.int32)
    fam = np.flatnonzero(is_pkh)
    if len(fam) == 0 or not ids:
        return out
    order = fam[np.argsort(desa_index[fam], kind="stable")]
    block = np.arange(len(order)) * len(ids) // len(order)
    out[order] = np.asarray(ids, dtype=np.int32)[block]
    return out
