"""A small registry built in memory in the raw shapes facts.py reads (no database)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

import polars as pl

from datusoban.sasaran import fact_columns as fc

AS_OF = date(2025, 6, 30)


def born(years: int, days_after: int = 0) -> date:
    """A birth date making someone exactly ``years`` old on AS_OF (their birthday),
    ``days_after`` days younger."""
    return AS_OF.replace(year=AS_OF.year - years) + timedelta(days=days_after)


class Registry:
    """Families and people in the raw shapes ``facts.py`` reads from the database."""

    def __init__(self) -> None:
        self.ids = count(1)
        self.persons: list[dict] = []
        self.households: list[dict] = []
        self.ppks: list[dict] = []
        self.ranks: list[dict] = []
        self.aid: list[dict] = []

    def family(self, *members: dict, desil: int | None = 2, desil_dtsen=None, **house) -> int:
        keluarga = next(self.ids)
        self.households.append(
            {
                "keluarga": keluarga,
                "kode_wilayah": "63.71.01.1001",
                "no_kk": "6371010101250001",
                "luas_lantai": 36,
                "status_bangunan": "milik_sendiri",
                "status_lahan": "milik_sendiri",
                "lantai": "semen",
                "dinding": "tembok",
                "atap": "seng",
                "sumber_air": "sumur_bor",
                "penerangan": "pln_450",
                "bahan_bakar_masak": "lpg_3kg",
                "fasilitas_bab": "sendiri_septik",
                **house,
            }
        )
        if desil is not None or desil_dtsen is not None:
            self.ranks.append(
                {"keluarga": keluarga, "desil_pmt": desil, "desil_kabkota": desil,
                 "desil_dtsen": desil_dtsen}
            )  # fmt: skip
        for index, member in enumerate(members):
            member = dict(member)
            orang = next(self.ids)
            for kategori in member.pop("ppks", []):
                self.ppks.append({"orang": orang, "kategori": kategori})
            for program, mulai in member.pop("menerima", {}).items():
                self.aid.append(
                    {"orang": orang, "keluarga": keluarga, "program": program, "mulai": mulai,
                     "sedang": True}
                )  # fmt: skip
            umur = member.pop("umur", 40)
            self.persons.append(
                {
                    "orang": orang,
                    "keluarga": keluarga,
                    "jenis_kelamin": "L",
                    "tanggal_lahir": born(umur) if umur is not None else None,
                    "hubungan": "kepala" if index == 0 else "anak",
                    "sekolah": None,
                    "pendidikan": None,
                    "pekerjaan": "buruh",
                    "jenis_disabilitas": None,
                    "disabilitas_berat": False,
                    "hamil": False,
                    "penyakit_kronis": None,
                    "nik_16": 1,
                    **member,
                }
            )
        return keluarga

    def received(self, keluarga: int, program: str, mulai: date, *, sedang: bool = False):
        """An enrolment of the family (a household programme) received from ``mulai``."""
        self.aid.append(
            {"orang": None, "keluarga": keluarga, "program": program, "mulai": mulai,
             "sedang": sedang}
        )  # fmt: skip

    def facts(self, programmes) -> fc.Facts:
        def frame(rows, schema):
            return (
                pl.DataFrame(rows, schema=schema, orient="row")
                if rows
                else pl.DataFrame(schema=schema)
            )

        return fc.assemble(
            frame(self.persons, fc.PERSON_RAW),
            frame(self.households, fc.FAMILY_RAW),
            frame(self.ppks, fc.PPKS_RAW),
            frame(self.ranks, fc.RANK_RAW),
            frame(self.aid, fc.AID_RAW),
            programmes=programmes,
            as_of=AS_OF,
        )
