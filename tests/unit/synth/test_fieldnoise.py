"""The field error processes one by one: each at about its rate, each doing what it says."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import numpy as np
import polars as pl
import pytest

from datusoban.reference import wilayah
from datusoban.synth import fielddates, fieldnames, fieldnoise, fieldregion
from datusoban.synth.plan import _kecamatan_codes
from datusoban.synth.realism import FieldRealism
from datusoban.synth.sources import base

AS_OF = date(2025, 6, 30)
N = 6_000


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def near(share: float, rate: float, n: int) -> bool:
    """Within four standard errors of a binomial share (and never exactly zero)."""
    return share > 0 and abs(share - rate) <= 4 * np.sqrt(rate * (1 - rate) / n) + 1e-9


def dates(n: int, seed: int = 1) -> list[date]:
    days = np.random.default_rng(seed).integers(0, (AS_OF - date(1930, 1, 1)).days, n)
    return [date(1930, 1, 1) + timedelta(days=int(d)) for d in days]


@pytest.fixture(scope="module")
def written() -> tuple[list[date], pl.Series]:
    """Birth dates written in the three interchange formats, in turn."""
    ds = dates(N)
    fmts = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
    return ds, pl.Series([d.strftime(fmts[i % 3]) for i, d in enumerate(ds)])


def parse(s: str) -> date | None:
    for f in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(s, f).date()
        except ValueError:
            continue
    return None


def test_birth_date_processes_at_their_rates_and_as_described(written):
    ds, text = written
    p = FieldRealism(dob_placeholder=0.1, dob_year_only=0.1, dob_typo=0.1, dob_swap=0.2)
    out, labels = fielddates.birth_dates(rng(2), text, p, AS_OF)
    assert len(out) == N
    # A date keeps its format unless it became a bare year.
    for i in range(N):
        a, b = text[i], out[i]
        if len(b) == 4:
            assert labels["dob_year_only"][i] and b == str(ds[i].year)
            continue
        assert re.sub(r"\d", "d", a) == re.sub(r"\d", "d", b)
    new = [parse(s) if len(s) > 4 else None for s in out]
    for i in np.flatnonzero(labels["dob_placeholder"]):
        assert (new[i].month, new[i].day) in {(7, 1), (12, 31), (1, 1)}
        assert new[i].year == ds[i].year
    for i in np.flatnonzero(labels["dob_year_only"]):
        assert new[i] is None or (new[i].month, new[i].day, new[i].year) == (1, 1, ds[i].year)
    for i in np.flatnonzero(labels["dob_typo"]):
        old, got = ds[i].strftime("%Y%m%d"), new[i].strftime("%Y%m%d")
        assert sum(x != y for x, y in zip(old, got, strict=True)) == 1 and new[i] <= AS_OF
    for i in np.flatnonzero(labels["dob_swap"]):
        assert (new[i].day, new[i].month, new[i].year) == (ds[i].month, ds[i].day, ds[i].year)
    # Placeholders that fall on the true date are no change; that is rare, so rates hold.
    assert near(labels["dob_placeholder"].mean(), 0.1, N)
    assert near(labels["dob_year_only"].mean(), 0.1, N)
    assert near(labels["dob_typo"].mean(), 0.1, N)
    swappable = np.array([d.day <= 12 and d.day != d.month for d in ds])
    assert near(labels["dob_swap"][swappable].mean(), 0.2, int(swappable.sum()))
    assert not labels["dob_swap"][~swappable].any()
    # The processes are exclusive: one birth-date error per row.
    assert (sum(v.astype(int) for v in labels.values()) <= 1).all()
    bare = np.array([len(s) == 4 for s in out])
    year_only = labels["dob_year_only"]
    assert near(bare[year_only].mean(), p.dob_year_bare, int(year_only.sum()))


def test_unknown_birth_dates_stay_unknown():
    text = pl.Series(["", None, "kemarin"], dtype=pl.Utf8)
    p = FieldRealism(dob_placeholder=1.0, dob_year_only=0.0, dob_typo=0.0, dob_swap=0.0)
    out, labels = fielddates.birth_dates(rng(), text, p, AS_OF)
    assert out.to_list() == ["", None, "kemarin"]
    assert not any(v.any() for v in labels.values())


def test_nicknames_and_initials(small):
    nama = small.persons["nama"].head(N).str.to_uppercase()
    p = FieldRealism(name_nickname=0.3, name_initial=0.2)
    out, labels = fieldnames.names(rng(3), nama, p)
    listed = nama.str.contains(fieldnames._nickname_table()[0]).to_numpy()
    assert near(labels["name_nickname"][listed].mean(), 0.3, int(listed.sum()))
    assert not labels["name_nickname"][~listed].any()
    nicks = {n.upper() for ns in fieldnames.nicknames().values() for n in ns}
    for i in np.flatnonzero(labels["name_nickname"] & ~labels["name_initial"]).tolist():
        assert set(out[i].replace(".", "").split()) & nicks, (nama[i], out[i])
        assert out[i] == out[i].upper()  # written in the case of the source
    initial = np.flatnonzero(labels["name_initial"]).tolist()
    assert all(out[i][:2].endswith(".") or ". " in out[i] for i in initial)
    multi = nama.str.contains(r"\S+ \S").to_numpy()
    assert near(labels["name_initial"][multi & ~labels["name_nickname"]].mean(), 0.2, 1000)
    assert out.filter(pl.Series(labels["name_initial"])).str.contains(r"(^|\. )\pL\. ").all()


def test_old_degrees_before_the_name():
    s = pl.Series(["Ahmad Fauzi", "H. Ahmad Fauzi", "SITI AMINAH", "Drs. Hasan"] * 1500)
    female = np.array([False, False, True, False] * 1500)
    p = FieldRealism(name_old_degree=0.3, name_nickname=0.0, name_initial=0.0)
    out, labels = fieldnames.names(rng(6), s, p, np.ones(len(s), bool), female)
    assert not labels["name_old_degree"][3::4].any()  # already carries one
    eligible = np.ones(len(s), bool)
    eligible[3::4] = False
    assert near(labels["name_old_degree"][eligible].mean(), 0.3, int(eligible.sum()))
    changed = set(out.filter(pl.Series(labels["name_old_degree"])).unique())
    assert changed == {
        "Drs. Ahmad Fauzi",
        "Ir. Ahmad Fauzi",
        "H. Drs. Ahmad Fauzi",
        "H. Ir. Ahmad Fauzi",
        "DRA. SITI AMINAH",
        "IR. SITI AMINAH",
    }
    # Nobody else gets one.
    none, labels = fieldnames.names(rng(6), s, p, np.zeros(len(s), bool), female)
    assert none.equals(s) and not labels["name_old_degree"].any()


def test_muhammad_becomes_m_dot():
    s = pl.Series(["Muhammad Rizki", "H. Ahmad Fauzi", "Hasan"])
    out, labels = fieldnames.names(rng(), s, FieldRealism(name_nickname=0.0, name_initial=1.0))
    assert out.to_list() == ["M. Rizki", "H. A. Fauzi", "Hasan"]
    assert labels["name_initial"].tolist() == [True, True, False]


def test_a_family_members_nik_is_another_member_of_the_household(small):
    b = base(small.chunks[0], pl.lit(AS_OF))
    out = b.select("person_key", "hh_key", "nik").with_columns(
        nik=pl.when(pl.int_range(pl.len()) % 10 == 0).then(None).otherwise(pl.col("nik"))
    )
    facts = out.select("person_key").join(
        fieldnoise.person_facts(b), on="person_key", how="left", maintain_order="left"
    )
    nik, mask = fieldnoise.family_nik(rng(4), out["nik"], facts["_other"], 0.2)
    has = out["nik"].is_not_null().to_numpy()
    alone = (b.group_by("hh_key").len().filter(pl.col("len") == 1))["hh_key"]
    eligible = has & ~out["hh_key"].is_in(alone.implode()).to_numpy()
    assert near(mask[eligible].mean(), 0.2, int(eligible.sum()))
    assert not mask[~eligible].any()
    members = b.select("hh_key", "nik")
    got = out.with_columns(written=nik).filter(pl.Series(mask))
    assert (got["written"] != got["nik"]).all()
    check = got.join(members, left_on=["hh_key", "written"], right_on=["hh_key", "nik"])
    assert check.height == got.height  # every borrowed NIK belongs to the same household


def test_moves_to_another_desa_or_kabkota(small):
    b = base(small.chunks[0], pl.lit(AS_OF))
    out = b.select("person_key", "kode_wilayah", "alamat", "rt", "rw").head(N)
    p = FieldRealism(moved_desa=0.2, moved_kabkota=0.1)
    moved, labels = fieldregion.moves(rng(5), out, p, "63")
    n = out.height
    assert near(labels["moved_desa"].mean(), 0.2, n)
    assert near(labels["moved_kabkota"].mean(), 0.1, n)
    desa = {w.kode for w in wilayah.within("63", wilayah.DESA)}
    old, new = out["kode_wilayah"].to_list(), moved["kode_wilayah"].to_list()
    for i in range(n):
        assert new[i] in desa
        if labels["moved_desa"][i]:
            assert new[i] != old[i] and new[i][:5] == old[i][:5]
        elif labels["moved_kabkota"][i]:
            assert new[i][:5] != old[i][:5]
        else:
            assert new[i] == old[i] and moved["alamat"][i] == out["alamat"][i]


def test_coarse_codes_do_not_move():
    out = pl.DataFrame(
        {
            "kode_wilayah": ["63.71.01", None],
            "alamat": ["a", "b"],
            "rt": ["001", "002"],
            "rw": ["001", "001"],
        }
    )
    moved, labels = fieldregion.moves(rng(), out, FieldRealism(moved_desa=1.0), "63")
    assert moved.equals(out) and not labels["moved_desa"].any()


def test_foreign_style_region_columns(small):
    b = base(small.chunks[0], pl.lit(AS_OF))
    out = b.select("kode_wilayah").with_columns(noise=pl.lit(None, dtype=pl.Utf8))
    kec = _kecamatan_codes("63")
    styled = fieldregion.region_style(out, "kode_pos", kec)
    assert styled["kode_wilayah"].is_null().all()
    assert styled["kode_pos"].str.contains(r"^7\d{4}$").all()
    assert (styled["noise"] == "region_postcode").all()
    # One postcode per kecamatan, different kecamatan different postcodes.
    pairs = styled.with_columns(kec=out["kode_wilayah"].str.slice(0, 8)).unique(["kec", "kode_pos"])
    assert pairs["kec"].n_unique() == pairs.height == pairs["kode_pos"].n_unique()
    bare = fieldregion.region_style(out, "none", kec)
    assert bare["kode_wilayah"].is_null().all() and "kode_pos" not in bare.columns
    assert fieldregion.region_style(out, "kode_wilayah", kec).equals(out)


def test_a_source_without_rows_stays_empty():
    cols = ["nik", "nama", "tanggal_lahir", "kode_wilayah", "alamat", "rt", "rw", "noise"]
    out = pl.DataFrame(schema={"person_key": pl.Int64, **dict.fromkeys(cols, pl.Utf8)})
    facts = fieldnoise.person_facts(
        pl.DataFrame(
            schema={
                "person_key": pl.Int64,
                "hh_key": pl.Int64,
                "nik": pl.Utf8,
                "pendidikan": pl.Utf8,
                "birth_year": pl.Int32,
                "jenis_kelamin": pl.Utf8,
            }
        )
    )
    got = fieldnoise.apply(rng(), out, facts, FieldRealism(), AS_OF, "63")
    assert got.height == 0 and got.columns == out.columns
