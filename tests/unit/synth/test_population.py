"""The generated population frames: schema, validity, consistency, reproducibility."""

from __future__ import annotations

import polars as pl
import pytest

from datusoban.reference import vocab, wilayah
from datusoban.synth import SynthConfig, generate

HOUSEHOLD_SCHEMA = {
    "hh_key": pl.Int64, "no_kk": pl.Utf8, "kode_wilayah": pl.Utf8, "alamat": pl.Utf8,
    "rt": pl.Utf8, "rw": pl.Utf8, "luas_lantai": pl.Int32,
    **dict.fromkeys(
        ["status_bangunan", "status_lahan", "lantai", "dinding", "atap", "sumber_air",
         "penerangan", "bahan_bakar_masak", "fasilitas_bab"], pl.Utf8,
    ),
    **dict.fromkeys(vocab.codes(vocab.ASET), pl.Boolean),
    "true_welfare": pl.Float64, "true_desil": pl.Int8, "pkh": pl.Boolean, "bpnt": pl.Boolean,
    "pendamping_id": pl.Int32,
}  # fmt: skip
PERSON_SCHEMA = {
    "person_key": pl.Int64, "hh_key": pl.Int64, "nik": pl.Utf8, "nama": pl.Utf8,
    "jenis_kelamin": pl.Utf8, "tempat_lahir": pl.Utf8, "tanggal_lahir": pl.Date,
    "nama_ibu_kandung": pl.Utf8, "hubungan_keluarga": pl.Utf8, "status": pl.Utf8,
    "hamil": pl.Boolean, "sekolah": pl.Utf8, "pendidikan": pl.Utf8, "pekerjaan": pl.Utf8,
    "disabilitas": pl.Utf8, "disabilitas_berat": pl.Boolean, "penyakit_kronis": pl.Utf8,
    "ppks": pl.Utf8, "lks_id": pl.Int32, "lks_id_2": pl.Int32, "uptd_id": pl.Int8,
}  # fmt: skip
HOUSING_VOCAB = {
    "status_bangunan": vocab.STATUS_BANGUNAN, "status_lahan": vocab.STATUS_LAHAN,
    "lantai": vocab.LANTAI, "dinding": vocab.DINDING, "atap": vocab.ATAP,
    "sumber_air": vocab.SUMBER_AIR, "penerangan": vocab.PENERANGAN,
    "bahan_bakar_masak": vocab.BAHAN_BAKAR, "fasilitas_bab": vocab.FASILITAS_BAB,
}  # fmt: skip
PERSON_VOCAB = {
    "hubungan_keluarga": vocab.HUBUNGAN_KELUARGA, "status": vocab.STATUS_PERSON,
    "sekolah": vocab.JENJANG_SEKOLAH, "pendidikan": vocab.PENDIDIKAN_TERTINGGI,
    "pekerjaan": vocab.PEKERJAAN, "disabilitas": vocab.DISABILITAS,
    "penyakit_kronis": vocab.PENYAKIT_KRONIS, "jenis_kelamin": vocab.JENIS_KELAMIN,
}  # fmt: skip


def test_frames_have_the_agreed_schema(small):
    for chunk in small.chunks:
        assert dict(chunk.households.schema) == HOUSEHOLD_SCHEMA
        assert dict(chunk.persons.schema) == PERSON_SCHEMA
        assert chunk.truth.height == chunk.persons.height
        assert chunk.truth["person_key"].equals(chunk.persons["person_key"])


def test_one_chunk_per_kabkota_in_order(small):
    kab = [k.kode for k in wilayah.kabkota_population("63")]
    assert [c.kabkota for c in small.chunks] == kab
    for c in small.chunks:
        assert c.households["kode_wilayah"].str.starts_with(c.kabkota + ".").all()


def test_keys_are_global_and_consecutive(small):
    assert small.households["hh_key"].to_list() == list(range(1, small.households.height + 1))
    assert small.persons["person_key"].to_list() == list(range(1, small.persons.height + 1))
    assert small.persons["hh_key"].is_in(small.households["hh_key"].implode()).all()
    assert small.persons["hh_key"].n_unique() == small.households.height


@pytest.mark.parametrize("people", [1_000, 10_000])
def test_total_people_within_one_percent(people):
    got = sum(c.persons.height for c in generate(SynthConfig(people=people, seed=2)))
    assert abs(got - people) <= 0.01 * people


def test_reproducible_and_seed_dependent():
    def frames(seed: int):
        chunks = list(generate(SynthConfig(people=3_000, seed=seed)))
        return pl.concat([c.households for c in chunks]), pl.concat([c.persons for c in chunks])

    h1, p1 = frames(7)
    h2, p2 = frames(7)
    assert h1.equals(h2) and p1.equals(p2)
    _, p3 = frames(8)
    assert not p1.equals(p3)


def test_a_chunk_does_not_depend_on_how_earlier_chunks_were_consumed():
    config = SynthConfig(people=3_000, seed=4)
    it = generate(config)
    first = next(it)
    second = next(it)
    again = list(generate(config))
    assert first.persons.equals(again[0].persons)
    assert second.persons.equals(again[1].persons)


def test_every_kode_wilayah_is_a_real_kalsel_desa(small):
    desa = [w.kode for w in wilayah.within("63", wilayah.DESA)]
    assert small.households["kode_wilayah"].is_in(desa).all()


def test_nik_valid_unique_and_consistent_with_birth_date_and_sex(small):
    p = small.persons
    assert p["nik"].n_unique() == p.height
    assert p["nik"].str.contains(r"^\d{16}$").all()
    assert p["nik"].str.slice(0, 6).is_in(list(wilayah.nik_region_codes())).all()
    assert (p["nik"].str.slice(12, 4).cast(pl.Int32) >= 1).all()
    t = pl.col("tanggal_lahir")
    day = pl.col("nik").str.slice(6, 2).cast(pl.Int32)
    check = p.select(
        day=(day - pl.when(pl.col("jenis_kelamin") == "P").then(40).otherwise(0)) == t.dt.day(),
        month=pl.col("nik").str.slice(8, 2).cast(pl.Int32) == t.dt.month(),
        year=pl.col("nik").str.slice(10, 2).cast(pl.Int32) == t.dt.year() % 100,
    )
    assert check.select(pl.all().all()).row(0) == (True, True, True)
    # Mostly registered in the household's own kecamatan.
    home = p["nik"].str.slice(0, 6) == small.people["kode_wilayah"].str.replace_all(
        r"\.", ""
    ).str.slice(0, 6)
    assert 0.85 < home.mean() < 0.97


def test_no_kk_valid_and_unique_per_household(small):
    h = small.households
    assert h["no_kk"].n_unique() == h.height
    assert h["no_kk"].str.contains(r"^\d{16}$").all()
    assert (
        h["no_kk"].str.slice(0, 6) == h["kode_wilayah"].str.replace_all(r"\.", "").str.slice(0, 6)
    ).all()


def test_coded_values_use_the_vocabulary(small):
    for col, choices in HOUSING_VOCAB.items():
        assert small.households[col].is_in(vocab.codes(choices)).all(), col
    for col, choices in PERSON_VOCAB.items():
        assert small.persons[col].drop_nulls().is_in(vocab.codes(choices)).all(), col
    assert small.households["rt"].str.contains(r"^\d{3}$").all()


def test_household_structure_is_plausible(small):
    p = small.people
    size = p.group_by("hh_key").len()["len"]
    assert 3.3 < size.mean() < 3.9
    assert 0.04 < (size == 1).mean() < 0.12
    heads = p.filter(pl.col("hubungan_keluarga") == "kepala")
    assert heads.height == small.households.height  # exactly one head per family
    assert 0.08 < (heads["jenis_kelamin"] == "P").mean() < 0.25
    assert heads["age"].min() >= 16
    for rel in ["istri", "anak", "cucu", "menantu", "orang_tua", "mertua", "famili_lain"]:
        assert (p["hubungan_keluarga"] == rel).sum() > 0, rel
    # Wives are women; spouses are of about the same age.
    wives = p.filter(pl.col("hubungan_keluarga") == "istri")
    assert (wives["jenis_kelamin"] == "P").all()
    pairs = wives.join(heads.select("hh_key", head_age="age"), on="hh_key")
    assert ((pairs["head_age"] - pairs["age"]).abs() <= 18).all()


def test_mothers_were_16_to_45_at_each_birth(small):
    p = small.people
    mothers = p.select(
        mother_key="person_key", m_birth="tanggal_lahir", m_sex="jenis_kelamin", m_hh="hh_key"
    )
    kids = p.filter(pl.col("mother_key").is_not_null()).join(mothers, on="mother_key")
    assert kids.height > 0.3 * p.height
    assert (kids["m_sex"] == "P").all() and (kids["m_hh"] == kids["hh_key"]).all()
    age_at = (kids["tanggal_lahir"] - kids["m_birth"]).dt.total_days() / 365.25
    assert age_at.min() >= 16 and age_at.max() <= 45
    # A child living with its mother carries her name as nama_ibu_kandung.
    named = kids.join(p.select(mother_key="person_key", m_nama="nama"), on="mother_key")
    stripped = named["m_nama"].str.replace(r"^(H|Hj)\. ", "")
    assert (named["nama_ibu_kandung"] == stripped).all()


def test_ppks_constraints_hold_in_clean_data(small):
    x = (
        small.people.filter(pl.col("ppks").is_not_null())
        .with_columns(cat=pl.col("ppks").str.split(","))
        .explode("cat")
        .with_columns(pl.col("cat").cast(pl.Int32))
    )
    assert x["cat"].is_between(1, 26).all()
    assert (x.filter(pl.col("cat") == 1)["age"] <= 5).all()
    assert (x.filter(pl.col("cat") <= 7)["age"] < 18).all()
    assert (x.filter(pl.col("cat") == 8)["age"] >= 60).all()
    assert (x.filter(pl.col("cat") == 23)["jenis_kelamin"] == "P").all()
    assert x.filter(pl.col("cat").is_in([5, 9]))["disabilitas"].null_count() == 0
    # Poorer households are much more likely to have PPKS members; 24 is common in desil 1–2.
    share = (
        small.people.group_by("true_desil")
        .agg(pl.col("ppks").is_not_null().mean())
        .sort("true_desil")
    )
    assert share["ppks"][0] > 3 * share["ppks"][-1]
    poor = x.filter(pl.col("true_desil") <= 2)
    assert (poor["cat"] == 24).sum() > 0.3 * poor["person_key"].n_unique()
    # Flood victims are category 21 and live in the flooded kab/kota.
    victims = small.people.filter(pl.col("kondisi_bencana").is_not_null())
    assert victims.height > 0
    assert victims["ppks"].drop_nulls().str.contains(r"(^|,)21(,|$)").all()


def test_traits_follow_age(small):
    p = small.people
    assert (p.filter(pl.col("sekolah") == "sd")["age"].is_between(7, 12)).all()
    assert (p.filter(pl.col("sekolah") == "paud")["age"].is_between(4, 6)).all()
    assert (p.filter(pl.col("sekolah") == "pt")["age"].is_between(19, 23)).all()
    hamil = p.filter(pl.col("hamil"))
    assert (hamil["jenis_kelamin"] == "P").all() and hamil["age"].is_between(18, 45).all()
    women = p.filter((pl.col("jenis_kelamin") == "P") & pl.col("age").is_between(18, 45))
    assert 0.01 < women["hamil"].mean() < 0.05
    assert 0.015 < p["disabilitas"].is_not_null().mean() < 0.04
    assert (
        p.filter(pl.col("age") >= 60)["disabilitas"].is_not_null().mean()
        > 3 * p.filter(pl.col("age") < 30)["disabilitas"].is_not_null().mean()
    )
    assert 0.002 < (p["status"] == "meninggal").mean() < 0.01
    assert 0.005 < (p["status"] == "pindah").mean() < 0.02


def test_welfare_drives_attributes_and_urban_is_richer(small):
    h = small.households
    assert h["true_desil"].is_between(1, 10).all()
    rich = h.filter(pl.col("true_desil") >= 8)
    poor = h.filter(pl.col("true_desil") <= 3)
    assert rich["aset_kulkas"].mean() > poor["aset_kulkas"].mean() + 0.2
    assert (rich["lantai"] == "keramik").mean() > (poor["lantai"] == "keramik").mean() + 0.2
    assert rich["luas_lantai"].mean() > poor["luas_lantai"].mean()
    city = h.filter(pl.col("kode_wilayah").str.starts_with("63.7"))["true_welfare"].mean()
    rest = h.filter(~pl.col("kode_wilayah").str.starts_with("63.7"))["true_welfare"].mean()
    assert city > rest


def test_programmes(small):
    h, p = small.households, small.people
    pkh = h.filter(pl.col("pkh"))
    expected = 111_671 * small.config.people / 4_305_281
    assert abs(pkh.height - expected) < 0.15 * expected
    assert (pkh["true_desil"] <= 4).mean() > 0.85
    assert pkh["pendamping_id"].null_count() == 0
    assert h.filter(~pl.col("pkh"))["pendamping_id"].null_count() == h.height - pkh.height
    assert (h.filter(pl.col("bpnt"))["true_desil"] <= 5).mean() > 0.85
    # LKS clients: ~20 per LKS; the second LKS differs from the first.
    n_lks = max(1, round(199 * small.config.people / 4_305_281))
    assert p["lks_id"].drop_nulls().is_between(1, n_lks).all()
    assert abs(p["lks_id"].is_not_null().sum() - 20 * n_lks) <= 2
    both = p.filter(pl.col("lks_id_2").is_not_null())
    assert (both["lks_id_2"] != both["lks_id"]).all()
    # Every UPTD has a few residents, each of the kind it serves.
    residents = p.filter(pl.col("uptd_id").is_not_null())
    assert residents.group_by("uptd_id").len().sort("uptd_id")["len"].to_list() == [3] * 6
    assert (residents.filter(pl.col("uptd_id") == 1)["age"] >= 60).all()
    assert (residents.filter(pl.col("uptd_id") == 2)["age"] < 18).all()
    assert residents.filter(pl.col("uptd_id").is_in([4, 5]))["disabilitas"].null_count() == 0
    assert residents["tanggal_masuk"].null_count() == 0
    assert (residents["tanggal_masuk"] > residents["tanggal_lahir"]).all()


def test_twins_and_namesakes_exist_and_are_marked(small):
    p = small.people
    twins = p.filter(pl.col("twin_group").is_not_null())
    groups = twins.group_by("twin_group").agg(
        pl.len(), pl.col("tanggal_lahir").n_unique().alias("dates"),
        pl.col("mother_key").n_unique().alias("mothers"), pl.col("hh_key").n_unique().alias("hh"),
        pl.col("nama").n_unique().alias("names"),
    )  # fmt: skip
    assert groups.height >= 10
    assert (groups["len"] == 2).all() and (groups["dates"] == 1).all() and (groups["hh"] == 1).all()
    assert (groups["mothers"] == 1).all() and (groups["names"] == 2).all()
    first_token = pl.col("nama").str.replace(r"^(H|Hj)\. ", "").str.extract(r"^(?:Gusti )?(\S+)")
    names = p.filter(pl.col("namesake_group").is_not_null())
    ng = names.group_by("namesake_group").agg(
        pl.len(), pl.col("hh_key").n_unique().alias("hh"), first_token.n_unique().alias("first")
    )
    assert ng.height >= 5
    assert (ng["len"] == 2).all() and (ng["hh"] == 1).all() and (ng["first"] == 1).all()


def test_names_look_banjar_and_indonesian(small):
    p = small.persons
    first = p["nama"].str.replace(r"^(H|Hj)\. ", "").str.extract(r"^(\S+)")
    top = first.value_counts(sort=True)["nama"].head(6).to_list()
    assert {"Muhammad", "Siti", "Nur"} <= set(top)
    assert p["nama"].str.contains(r"^[A-Z][A-Za-z.' ]+$").all()
    tokens = p["nama"].str.count_matches(" ") + 1
    assert 0.1 < (tokens == 1).mean() < 0.35
    assert (p["nama"].str.contains("^Gusti ")).sum() > 0
    towns = p["tempat_lahir"].value_counts(sort=True)["tempat_lahir"].head(13).to_list()
    assert "Banjarmasin" in towns and "Martapura" in towns
