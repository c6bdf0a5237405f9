"""Household structure: who lives together, their sex, birth dates and mothers.

Everything is built in blocks of one role at a time (all heads, all spouses, all
children …) with numpy, never a loop per household. Birth dates of children are
derived from their mother's, so a mother is always 17.5–44.5 years old at a
child's birth (docs/DOMAIN.md "Households": ages must be consistent within one).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

YEAR = 365.25
# Role codes in the order members are listed in a family card.
KEPALA, PASANGAN, ANAK, MENANTU, CUCU, ORANG_TUA, MERTUA, FAMILI, LAINNYA = range(9)
SINGLE, COUPLE, NUCLEAR, SINGLE_PARENT, WITH_PARENTS, THREE_GEN, WITH_RELATIVE = range(7)
MAB_MIN, MAB_MAX = 17.5, 44.5  # mother's age at a birth, in years


@dataclass
class Structure:
    htype: np.ndarray  # per household
    hh: np.ndarray  # per member: household index
    role: np.ndarray
    female: np.ndarray
    birth: np.ndarray  # days since 1970-01-01
    mother: np.ndarray  # member index of the mother in the household, or -1
    twin_of: np.ndarray  # member index of the elder twin, or -1
    namesake_of: np.ndarray  # member index whose name this member shares, or -1
    namesake_kind: np.ndarray  # 1 grandchild named after grandfather, 2 sibling first token
    gusti_line: np.ndarray  # inherits the head's Gusti title (head, children, grandchildren)


class _Blocks:
    """Collects member blocks and hands out their global indices."""

    def __init__(self) -> None:
        self.cols: dict[str, list[np.ndarray]] = {
            k: [] for k in ("hh", "role", "female", "birth", "mother", "line")
        }
        self.n = 0

    def add(self, hh, role, female, birth, mother, line) -> np.ndarray:
        m = len(hh)
        for key, val in zip(self.cols, (hh, role, female, birth, mother, line), strict=True):
            self.cols[key].append(np.broadcast_to(np.asarray(val), (m,)).copy())
        idx = np.arange(self.n, self.n + m)
        self.n += m
        return idx

    def get(self, key: str) -> np.ndarray:
        return np.concatenate(self.cols[key])


def _days(years: np.ndarray) -> np.ndarray:
    return np.round(np.asarray(years) * YEAR).astype(np.int64)


def _children(rng, mother_birth, count, as_of, max_age=28.0, first=None):
    """Children of each given mother: (which mother, birth) for those already born.

    Births follow a first birth at 17.5 + Gamma(2, 2.3) years and gaps of about
    3.3 years; children not yet born by ``as_of`` or older than ``max_age`` (left
    home) are dropped, so young mothers have fewer children at home.
    """
    keep = count > 0
    src = np.flatnonzero(keep)
    cnt = count[keep]
    rep = np.repeat(src, cnt)
    starts = np.cumsum(cnt) - cnt
    j = np.arange(len(rep)) - np.repeat(starts, cnt)
    if first is None:
        first = MAB_MIN + rng.gamma(2.0, 2.3, len(count))
    gaps = np.where(j == 0, first[rep], 1.3 + rng.gamma(2.0, 1.0, len(rep)))
    cs = np.cumsum(gaps)
    mab = cs - np.repeat(cs[starts] - gaps[starts], cnt)
    birth = mother_birth[rep] + _days(mab)
    age = (as_of - birth) / YEAR
    ok = (mab <= MAB_MAX) & (age > 0.01) & (age <= max_age)
    return rep[ok], birth[ok]


def build(rng: np.random.Generator, n: int, as_of: int, cfg: dict) -> Structure:
    """Households of random types, with members; sizes come out of the types."""
    t = rng.choice(7, n, p=np.asarray(cfg["shares"]) / np.sum(cfg["shares"]))
    u = rng.random((4, n))
    head_f = np.zeros(n, dtype=bool)
    has_sp = np.isin(t, [COUPLE, NUCLEAR, WITH_PARENTS, WITH_RELATIVE]) | (
        (t == THREE_GEN) & (u[0] < 0.75)
    )
    gap = np.clip(rng.normal(4.0, 3.5, n), -3, 15)  # husband older than wife by this
    # Age of the woman who is (or would be) the mother of the head's children.
    ma = rng.uniform(20, 52, n)
    ma = np.where(t == WITH_PARENTS, rng.uniform(19, 45, n), ma)
    ma = np.where(
        t == COUPLE, np.where(u[1] < 0.4, rng.uniform(19, 30, n), rng.uniform(48, 80, n)), ma
    )
    ma = np.where(t == THREE_GEN, rng.uniform(48, 82, n), ma)
    ma = np.where(t == SINGLE_PARENT, rng.uniform(24, 62, n), ma)
    elderly = u[2] < cfg["elderly_single_share"]
    ma = np.where(
        t == SINGLE, np.where(elderly, rng.uniform(60, 92, n), rng.uniform(19, 50, n)), ma
    )
    head_f |= (t == SINGLE) & (u[3] < np.where(elderly, 0.65, 0.4))
    head_f |= (t == SINGLE_PARENT) & (u[3] < 0.8)
    head_f |= (t == THREE_GEN) & ~has_sp & (u[3] < 0.7)
    head_f |= has_sp & (u[3] < cfg["female_head_share_couple"])
    m_birth = as_of - _days(ma)
    # The husband, present or not; never younger than 18.
    man_birth = np.minimum(m_birth - _days(gap), as_of - _days(18))
    head_birth = np.where(head_f | (t == SINGLE), m_birth, man_birth)

    b = _Blocks()
    hh_all = np.arange(n)
    # Heads of Gusti families pass the title to their children and grandchildren.
    heads = b.add(hh_all, KEPALA, head_f, head_birth, -1, True)
    sp_hh = np.flatnonzero(has_sp)
    sp_f = ~head_f[sp_hh]
    spouses = b.add(
        sp_hh, PASANGAN, sp_f, np.where(sp_f, m_birth[sp_hh], man_birth[sp_hh]), -1, False
    )
    spouse_of = np.full(n, -1)
    spouse_of[sp_hh] = spouses
    # The mother of the head's children: the wife, a female head, or nobody (-1).
    mother_row = np.where(head_f, heads, np.where(has_sp & ~head_f, spouse_of, -1))

    # Children of the head.
    fam = np.isin(t, [NUCLEAR, SINGLE_PARENT, WITH_PARENTS, WITH_RELATIVE])
    n_kids = np.where(fam, 1 + rng.poisson(cfg["kids_extra_mean"], n), 0)
    k_hh, k_birth = _children(rng, m_birth, n_kids, as_of)
    kids = b.add(k_hh, ANAK, rng.random(len(k_hh)) < 0.49, k_birth, mother_row[k_hh], True)

    # Three generations: a married child, their spouse (menantu) and grandchildren.
    tg = np.flatnonzero(t == THREE_GEN)
    mab = rng.uniform(18, np.minimum(40, ma[tg] - 20))
    mc_birth = m_birth[tg] + _days(mab)
    mc_f = rng.random(len(tg)) < 0.6
    mc = b.add(tg, ANAK, mc_f, mc_birth, mother_row[tg], True)
    mgap = np.clip(rng.normal(3.0, 3.0, len(tg)), -3, 12)
    mn_birth = np.where(mc_f, mc_birth - _days(mgap), mc_birth + _days(mgap))
    mn_birth = np.minimum(mn_birth, as_of - _days(19))
    mn = b.add(tg, MENANTU, ~mc_f, mn_birth, -1, False)
    young_mother = np.where(mc_f, mc, mn)
    ym_birth = np.where(mc_f, mc_birth, mn_birth)
    n_cucu = 1 + rng.poisson(0.5, len(tg))
    c_src, c_birth = _children(rng, ym_birth, n_cucu, as_of)
    cucu = b.add(tg[c_src], CUCU, rng.random(len(c_src)) < 0.49, c_birth, young_mother[c_src], True)
    sib = rng.random(len(tg)) < 0.35
    s_birth = mc_birth + _days(2 + rng.gamma(2.0, 1.5, len(tg)))
    s_age = (as_of - s_birth) / YEAR
    s_ok = sib & (s_age > 0.01) & (s_age <= 30) & ((s_birth - m_birth[tg]) / YEAR <= MAB_MAX)
    b.add(
        tg[s_ok],
        ANAK,
        rng.random(int(s_ok.sum())) < 0.49,
        s_birth[s_ok],
        mother_row[tg[s_ok]],
        True,
    )

    # Parents of the head (orang tua) or of the wife (mertua) living with the family.
    wp = np.flatnonzero(t == WITH_PARENTS)
    of_wife = (rng.random(len(wp)) < 0.35) & has_sp[wp] & ~head_f[wp]
    child_birth = np.where(of_wife, m_birth[wp], head_birth[wp])
    child_age = (as_of - child_birth) / YEAR
    pm_birth = child_birth - _days(rng.uniform(18, np.clip(95 - child_age, 19, 40)))
    pm = b.add(wp, np.where(of_wife, MERTUA, ORANG_TUA), True, pm_birth, -1, False)
    both = rng.random(len(wp)) < 0.3
    widower = ~both & (rng.random(len(wp)) < 0.25)
    pf_birth = np.maximum(
        pm_birth - _days(np.clip(rng.normal(4, 3.5, len(wp)), -3, 15)), as_of - _days(99)
    )
    has_f = both | widower
    b.add(
        wp[has_f],
        np.where(of_wife[has_f], MERTUA, ORANG_TUA),
        False,
        pf_birth[has_f],
        -1,
        ~of_wife[has_f],
    )
    # A widower parent replaces the mother: drop her by marking her household -1.
    b.cols["hh"][-2][widower] = -1
    mother_link = np.where(widower, -1, pm)
    child_row = np.where(of_wife, spouse_of[wp], heads[wp])
    # Relatives (famili lain) and others (lainnya).
    wr = np.flatnonzero(t == WITH_RELATIVE)
    r_role = np.where(rng.random(len(wr)) < 0.85, FAMILI, LAINNYA)
    b.add(
        wr,
        r_role,
        rng.random(len(wr)) < 0.55,
        as_of - _days(rng.uniform(3, 75, len(wr))),
        -1,
        False,
    )

    hh, role, female = b.get("hh"), b.get("role"), b.get("female")
    birth, mother, line = b.get("birth"), b.get("mother"), b.get("line")
    mother[child_row] = mother_link

    # Twins: about twin_rate of births among children and grandchildren.
    child = np.concatenate([kids, cucu])
    tw = child[rng.random(len(child)) < cfg["twin_rate"]]
    same = rng.random(len(tw)) < 0.6
    twin_of = np.full(len(hh) + len(tw), -1)
    twin_of[len(hh) :] = tw
    hh = np.concatenate([hh, hh[tw]])
    role = np.concatenate([role, role[tw]])
    female = np.concatenate([female, np.where(same, female[tw], ~female[tw])])
    birth = np.concatenate([birth, birth[tw]])
    mother = np.concatenate([mother, mother[tw]])
    line = np.concatenate([line, line[tw]])
    ns_of, ns_kind = _namesakes(
        rng, t, hh, role, female, birth, twin_of, heads, head_f, cfg["namesake_rate"]
    )
    return Structure(t, hh, role, female, birth, mother, twin_of, ns_of, ns_kind, line)


def _namesakes(rng, t, hh, role, female, birth, twin_of, heads, head_f, rate):
    """Pick a few households with a namesake pair (grandchild↔grandfather, or siblings)."""
    n = len(t)
    of = np.full(len(hh), -1)
    kind = np.zeros(len(hh), dtype=np.int8)
    ok = (hh >= 0) & (twin_of < 0)
    # Grandson named after his grandfather (the male head).
    cand = np.flatnonzero(ok & (role == CUCU) & ~female)
    cand = cand[~head_f[hh[cand]]]
    _, first = np.unique(hh[cand], return_index=True)
    cand = cand[first]
    pick = cand[rng.random(len(cand)) < min(1.0, 0.5 * rate * n / max(1, len(cand)))]
    of[pick] = heads[hh[pick]]
    kind[pick] = 1
    # Two siblings of the same sex: the younger shares the elder's first name token.
    sib = np.flatnonzero(ok & (role == ANAK))
    order = sib[np.lexsort((birth[sib], female[sib], hh[sib]))]
    pair = (hh[order[1:]] == hh[order[:-1]]) & (female[order[1:]] == female[order[:-1]])
    younger, elder = order[1:][pair], order[:-1][pair]
    _, first = np.unique(hh[younger], return_index=True)
    younger, elder = younger[first], elder[first]
    sel = rng.random(len(younger)) < min(1.0, 0.5 * rate * n / max(1, len(younger)))
    of[younger[sel]] = elder[sel]
    kind[younger[sel]] = 2
    return of, kind


def truncate(s: Structure, people: int) -> tuple[Structure, int] | None:
    """Keep the first households whose total is closest to ``people``; order members.

    Returns None when the households are too few (the caller draws more).
    """
    valid = s.hh >= 0
    size = np.bincount(s.hh[valid], minlength=len(s.htype))
    cum = np.cumsum(size)
    if people <= 0:
        h = 0
    elif cum[-1] < people:
        return None
    else:
        i = int(np.searchsorted(cum, people))  # first prefix reaching the target
        below = cum[i - 1] if i > 0 else 0
        h = i + 1 if (cum[i] - people <= people - below or i == 0) else i
    keep = np.flatnonzero(valid & (s.hh < h))
    order = keep[np.lexsort((s.birth[keep], s.role[keep], s.hh[keep]))]
    new = np.full(len(s.hh), -1)
    new[order] = np.arange(len(order))

    def remap(ref):
        r = ref[order]
        return np.where(r >= 0, new[np.maximum(r, 0)], -1)

    return (
        Structure(
            htype=s.htype[:h],
            hh=s.hh[order],
            role=s.role[order],
            female=s.female[order],
            birth=s.birth[order],
            mother=remap(s.mother),
            twin_of=remap(s.twin_of),
            namesake_of=remap(s.namesake_of),
            namesake_kind=s.namesake_kind[order],
            gusti_line=s.gusti_line[order],
        ),
        h,
    )
