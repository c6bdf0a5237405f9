"""The key indicators on data with known answers: built by hand, and a synthetic population."""

from __future__ import annotations

import io
import json
from datetime import date

import polars as pl
import pytest
from django.core.management import call_command

from datusoban.program import indicators, queries
from datusoban.registri.models import Household, Person, PersonPPKS
from datusoban.synth.config import SynthConfig
from datusoban.synth.population import generate

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 30)


def _ppks(person, mulai, selesai=None, kategori=24):
    PersonPPKS.objects.create(person=person, kategori_id=kategori, mulai=mulai, selesai=selesai)


def test_kemandirian_counts_who_left_and_stayed_out_for_twelve_months(make_household, make_person):
    a, b, c, d, e, g = (make_person() for _ in range(6))
    f = make_person(make_household(wilayah="63.03.01.2001"))
    _ppks(a, date(2020, 1, 1), date(2023, 3, 1))  # stayed out
    _ppks(b, date(2020, 1, 1), date(2023, 5, 1))
    _ppks(b, date(2024, 1, 10))  # back within 12 months
    _ppks(c, date(2020, 1, 1), date(2023, 6, 1))
    _ppks(c, date(2019, 1, 1), kategori=9)  # still PPKS in another category: never left
    _ppks(d, date(2021, 1, 1), date(2025, 2, 1))  # 12 months not yet over
    _ppks(e, date(2020, 1, 1), date(2023, 2, 1))
    _ppks(e, date(2024, 3, 1))  # back after 13 months: counted as stayed independent
    _ppks(f, date(2020, 1, 1), date(2023, 7, 1))
    _ppks(g, date(2020, 1, 1), date(2023, 3, 1))
    _ppks(g, date(2023, 4, 1), date(2023, 9, 1), kategori=23)  # left twice in 2023: the last
    result = {
        (r["kode_kabkota"], r["tahun"]): r for r in indicators.kemandirian(None, AS_OF).to_dicts()
    }
    kota = a.household.kode_kabkota
    assert {k: v for k, v in result[(kota, 2023)].items() if k not in ("kode_kabkota", "tahun")} \
        == {"keluar": 4, "bertahan": 3, "kembali": 1, "menunggu": 0, "persen": 75.0}  # fmt: skip
    assert (result[(kota, 2025)]["menunggu"], result[(kota, 2025)]["persen"]) == (1, None)
    assert result[("63.03", 2023)]["persen"] == 100.0
    # The kab/kota scope sees its own people only.
    scoped = indicators.kemandirian(Household.objects.filter(kode_kabkota="63.03"), AS_OF)
    assert scoped["kode_kabkota"].to_list() == ["63.03"]


@pytest.fixture
def synthetic() -> pl.DataFrame:
    call_command("synth", people=3_000, seed=3, no_files=True, load=True, stdout=io.StringIO())
    # The stages as quickstart makes them: the rule file's amounts, then paid to the as-of date.
    call_command("program", "tahap", "--tahun", str(AS_OF.year), stdout=io.StringIO())
    call_command("synth", seed=3, as_of=AS_OF, bayar=True, stdout=io.StringIO())
    return pl.concat(
        c.households.select("no_kk", "kode_wilayah", "pkh", "pendamping_id")
        for c in generate(SynthConfig(people=3_000, seed=3, as_of=AS_OF))
    ).with_columns(kode_kabkota=pl.col("kode_wilayah").str.slice(0, 5))


def test_pkh_figures_and_caseloads_match_the_generator(synthetic):
    pkh = synthetic.filter(pl.col("pkh"))
    per_pendamping, per_kabkota = indicators.pendamping_caseload(None, AS_OF)
    expected = dict(pkh.group_by("pendamping_id").len().select(
        pl.col("pendamping_id").cast(pl.Utf8), "len").rows())  # fmt: skip
    assert dict(per_pendamping.select("pendamping", "kpm").rows()) == expected
    assert dict(per_kabkota.select("kode_kabkota", "kpm").rows()) == dict(
        pkh.group_by("kode_kabkota").len().rows()
    )
    assert per_kabkota["tanpa_pendamping"].sum() == 0
    norm = indicators.caseload_norm(AS_OF)
    assert per_pendamping["di_atas_norma"].to_list() == [n > norm for n in per_pendamping["kpm"]]
    # Everyone receiving PKH now received it in the as-of year; former families add to it.
    years = dict(indicators.kpm_per_year("PKH", as_of=AS_OF).rows())
    assert years[AS_OF.year] >= pkh.height
    assert list(years) == sorted(years) and years[min(years)] <= years[AS_OF.year]
    # The later stages of the year are due to the current families with a component.
    tahap = {r["tahap"]: r for r in indicators.kpm_per_tahap("PKH", AS_OF.year)}
    assert set(tahap) == {1, 2, 3, 4}
    assert 0.9 * pkh.height <= tahap[4]["kpm"] <= pkh.height
    assert tahap[4]["jatuh_tempo"] == tahap[4]["kpm"] and tahap[1]["jatuh_tempo"] == 0
    assert tahap[1]["dibayar"] + tahap[1]["gagal"] == tahap[1]["kpm"]


def test_kemandirian_on_a_synthetic_population(synthetic):
    """End the PPKS periods of known people: every third returns within a year."""
    people = list(
        Person.objects.filter(ppks__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", "household__kode_kabkota")[:60]
    )
    assert len(people) == 60
    PersonPPKS.objects.filter(person_id__in=[pk for pk, _ in people]).update(
        selesai=date(2023, 8, 1)
    )
    expected: dict[str, dict] = {}
    for i, (pk, kabkota) in enumerate(people):
        row = expected.setdefault(
            kabkota,
            {"kode_kabkota": kabkota, "tahun": 2023, "keluar": 0, "bertahan": 0, "kembali": 0,
             "menunggu": 0},
        )  # fmt: skip
        row["keluar"] += 1
        if i % 3 == 0:
            PersonPPKS.objects.create(person_id=pk, kategori_id=24, mulai=date(2024, 2, 1))
            row["kembali"] += 1
        else:
            row["bertahan"] += 1
    for row in expected.values():
        row["persen"] = round(100 * row["bertahan"] / row["keluar"], 1)
    rows = indicators.kemandirian(None, AS_OF)
    assert rows.to_dicts() == sorted(expected.values(), key=lambda r: r["kode_kabkota"])
    one = people[0][1]
    scoped = indicators.kemandirian(Household.objects.filter(kode_kabkota=one), AS_OF)
    assert scoped.to_dicts() == [expected[one]]


def test_the_indicator_command_prints_json(synthetic):
    out = io.StringIO()
    call_command("program", "indikator", "--json", "--as-of", "2025-06-30", stdout=out)
    data = json.loads(out.getvalue())
    assert data["pendamping"]["norma_kpm"] == 250
    assert [r["tahap"] for r in data["kpm_pkh_per_tahap"]["tahap"]] == [1, 2, 3, 4]
    assert data["kpm_pkh_per_tahun"][-1]["tahun"] == 2025
    text = io.StringIO()
    call_command("program", "indikator", "--as-of", "2025-06-30", "--wilayah", "63.71", stdout=text)
    assert "KPM PKH per tahap 2025" in text.getvalue()


def test_coverage_and_one_persons_enrolments(synthetic):
    rows = queries.coverage_by_kabkota(Household.objects.filter(kode_kabkota="63.72"))
    assert {r["kode_kabkota"] for r in rows} == {"63.72"}
    assert {r["program_id"] for r in rows} == {"PKH", "BPNT"}
    kk = synthetic.filter(pl.col("pkh"))["no_kk"][0]
    member = Person.objects.filter(household__no_kk=kk).first()
    enrolments = list(queries.enrolments_of(member))
    assert "PKH" in {e.program_id for e in enrolments}
    assert all(e.riwayat.all() for e in enrolments)


def test_exits_per_year_keep_graduation_apart(make_household):
    from datusoban.program import services

    for alasan, tahun in (("graduasi_mandiri", 2023), ("graduasi_mandiri", 2023),
                          ("graduasi_alamiah", 2024), ("meninggal", 2024)):  # fmt: skip
        enrolment = services.propose("PKH", household=make_household(), oleh="op",
                                     tanggal=date(2020, 1, 1))  # fmt: skip
        services.change_status(enrolment, "diverifikasi", oleh="op", tanggal=date(2020, 1, 1))
        services.change_status(enrolment, "terdaftar", oleh="op", tanggal=date(2020, 1, 1))
        services.change_status(
            enrolment, "keluar", oleh="op", alasan=alasan, tanggal=date(tahun, 5, 1)
        )
    rows = [(r["tahun"], r["alasan"], r["jenis"], r["jumlah"]) for r in
            indicators.exits_per_year("PKH")]  # fmt: skip
    assert rows == [
        (2023, "graduasi_mandiri", "graduasi_mandiri", 2),
        (2024, "graduasi_alamiah", "graduasi_alamiah", 1),
        (2024, "meninggal", "lainnya", 1),
    ]
