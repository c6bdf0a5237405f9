"""The synthetic delivery network, built on a loaded synthetic population.

Run after ``datusoban synth --load`` (``datusoban synth_layanan``): the PKH
pendamping are the codes the loaded enrolments carry, placed in the kecamatan
where most of their families live; a TKSK per kecamatan except a few gaps;
PSM, Tagana, pekerja sosial and penyuluh per kab/kota by population; LKS by
population with an LKKS in each kab/kota except those the plan names; the six
UPTD of ``uptd.toml``; LKS clients and UPTD residents drawn from the registry's
living people of the same kab/kota (any kab/kota for a UPTD); courses, sessions,
participants and certificates. Counts are ``data/jaringan.toml`` scaled to the
population; everything is drawn from one seeded stream and written with bulk
inserts in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import polars as pl
from django.db.models import Count

from datusoban.layanan import models as m
from datusoban.layanan.policy import atensi_components, psks_kode
from datusoban.layanan.regions import placed
from datusoban.program.models import Kepesertaan
from datusoban.reference.models import Region
from datusoban.registri.models import Person
from datusoban.synth.config import calibration, load_toml
from datusoban.synth.names import random_given
from datusoban.synth.plan import apportion


class NetworkExistsError(RuntimeError):
    def __init__(self) -> None:
        super().__init__("Jaringan layanan sudah dimuat; tidak ada yang ditambahkan.")


@dataclass
class NetworkCounts:
    pilar: dict[str, int] = field(default_factory=dict)
    lembaga: dict[str, int] = field(default_factory=dict)
    klien: int = 0
    warga: int = 0
    peserta: int = 0
    sertifikat: int = 0


def _names(rng: np.random.Generator, n: int) -> list[str]:
    female = rng.random(n) < 0.5
    cohort = np.ones(n, dtype=np.int8)
    first, second = random_given(rng, female, cohort), random_given(rng, female, cohort)
    return [f"{a} {b}" for a, b in zip(first.to_list(), second.to_list(), strict=True)]


def _phone(rng: np.random.Generator) -> str:
    return "08" + "".join(str(d) for d in rng.integers(0, 10, 10))


def _living_people() -> pl.DataFrame:
    rows = Person.objects.filter(status="hidup", household__isnull=False).values_list(
        "pk", "household__kode_kabkota"
    )
    return pl.DataFrame(
        list(rows.iterator(chunk_size=50_000)),
        schema={"pk": pl.Int64, "kab": pl.Utf8},
        orient="row",
    )


class _Builder:
    def __init__(self, seed: int, as_of: date):
        self.rng = np.random.default_rng([seed, 7407])
        self.as_of = as_of
        self.cfg = load_toml("jaringan.toml")
        self.people = _living_people()
        self.scale = max(self.people.height, 1) / calibration()["people"]
        self.kabkota = list(Region.objects.filter(level=2, kode__startswith="63.").order_by("kode"))
        self.kecamatan = list(
            Region.objects.filter(level=3, kode__startswith="63.").order_by("kode")
        )
        per_kab = dict(self.people.group_by("kab").len().iter_rows())
        self.weights = np.array([per_kab.get(k.kode, 0) for k in self.kabkota], dtype=float)
        self.counts = NetworkCounts()

    def scaled(self, full: int, minimum: int = 1) -> int:
        return max(minimum, round(full * self.scale))

    # Workers -----------------------------------------------------------------
    def pendamping(self) -> list[m.Pilar]:
        grouped = (
            Kepesertaan.objects.filter(program_id="PKH", pendamping__isnull=False)
            .values("pendamping", "household__wilayah__parent_id")
            .annotate(n=Count("pk"))
        )
        home: dict[str, tuple[int, str]] = {}
        for r in grouped:
            kec = r["household__wilayah__parent_id"]
            if kec and r["n"] > home.get(r["pendamping"], (0, ""))[0]:
                home[r["pendamping"]] = (r["n"], kec)
        codes = sorted(home, key=lambda c: (len(c), c))
        names = _names(self.rng, len(codes))
        return [
            self._pilar("pendamping_pkh", name, home[code][1], kode_pendamping=code)
            for code, name in zip(codes, names, strict=True)
        ]

    def tksk(self) -> list[m.Pilar]:
        cfg = self.cfg["pilar"]
        n_gap = max(cfg["tksk_gap_min"], round(cfg["tksk_gap_share"] * len(self.kecamatan)))
        gaps = set(self.rng.choice(len(self.kecamatan), n_gap, replace=False).tolist())
        served = [k for i, k in enumerate(self.kecamatan) if i not in gaps]
        names = _names(self.rng, len(served))
        return [self._pilar("tksk", n, k.kode) for k, n in zip(served, names, strict=True)]

    def by_population(self, peran: str, full: int) -> list[m.Pilar]:
        counts = apportion(self.scaled(full, len(self.kabkota)), self.weights)
        made = []
        for kab, c in zip(self.kabkota, counts, strict=True):
            kec = [k for k in self.kecamatan if k.parent_id == kab.kode]
            for name in _names(self.rng, int(c)):
                made.append(self._pilar(peran, name, kec[self.rng.integers(len(kec))].kode))
        inactive = self.rng.random(len(made)) < self.cfg["pilar"]["nonaktif_share"]
        for pilar, off in zip(made, inactive, strict=True):
            pilar.status = "nonaktif" if off else "aktif"
        return made

    def _pilar(self, peran: str, nama: str, wilayah: str, **extra) -> m.Pilar:
        kab, kec = placed(wilayah)
        return m.Pilar(
            peran=peran, jenis_id=psks_kode(peran), nama=nama, wilayah_id=wilayah,
            kode_kabkota=kab, kode_kecamatan=kec, telepon=_phone(self.rng), **extra,
        )  # fmt: skip

    # Institutions -------------------------------------------------------------
    def _lembaga(self, jenis: str, kode: str, nama: str, wilayah: str, **extra) -> m.Lembaga:
        kab, kec = placed(wilayah)
        return m.Lembaga(
            jenis=jenis, psks_id=psks_kode(jenis), kode=kode, nama=nama, wilayah_id=wilayah,
            kode_kabkota=kab, kode_kecamatan=kec, telepon=_phone(self.rng), **extra,
        )  # fmt: skip

    def lks(self) -> list[m.Lembaga]:
        cfg = self.cfg["lembaga"]
        components = atensi_components()
        akr = cfg["akreditasi"]
        grades, probs = [*akr, ""], [*akr.values(), 1 - sum(akr.values())]
        made = []
        counts = apportion(self.scaled(calibration()["lks"]), self.weights)
        for kab, c in zip(self.kabkota, counts, strict=True):
            kec = [k for k in self.kecamatan if k.parent_id == kab.kode]
            for i in range(int(c)):
                grade = str(self.rng.choice(grades, p=probs))
                offered = self.rng.choice(components, self.rng.integers(1, 4), replace=False)
                made.append(
                    self._lembaga(
                        "lks", f"LKS-{kab.kode}-{i + 1:03d}",
                        f"LKS {_names(self.rng, 1)[0]} {kab.nama.split()[-1]}",
                        kec[self.rng.integers(len(kec))].kode,
                        akreditasi=grade,
                        tanggal_akreditasi=self.as_of - timedelta(int(self.rng.integers(30, 1500)))
                        if grade else None,
                        kapasitas=int(self.rng.integers(*cfg["lks_capacity"])),
                        layanan=sorted(offered.tolist()),
                    )
                )  # fmt: skip
        return made

    def per_kabkota(self) -> list[m.Lembaga]:
        cfg = self.cfg["lembaga"]
        made = []
        for kab in self.kabkota:
            short = kab.nama.removeprefix("Kabupaten ").removeprefix("Kota ")
            if kab.kode not in cfg["lkks_absent"]:
                made.append(self._lembaga("lkks", f"LKKS-{kab.kode}", f"LKKS {short}", kab.kode))
            for i in range(cfg["karang_taruna_per_kabkota"]):
                made.append(
                    self._lembaga(
                        "karang_taruna", f"KT-{kab.kode}-{i + 1}", f"Karang Taruna {short}",
                        kab.kode,
                    )
                )  # fmt: skip
        for jenis, label in (("lk3", "LK3"), ("wksbm", "WKSBM"), ("csr", "CSR")):
            counts = apportion(self.scaled(cfg[jenis]), self.weights)
            for kab, c in zip(self.kabkota, counts, strict=True):
                for i in range(int(c)):
                    kode = f"{label}-{kab.kode}-{i + 1:02d}"
                    made.append(self._lembaga(jenis, kode, f"{label} {kab.nama} {i + 1}", kab.kode))
        return made

    def uptd(self) -> list[m.Lembaga]:
        lo, hi = self.cfg["lembaga"]["uptd_capacity"]
        return [
            self._lembaga(
                "uptd", f"UPTD-{u['id']}", u["nama"], u["kode_wilayah"],
                kapasitas=int(self.rng.integers(lo, hi)), layanan=list(atensi_components()),
                akreditasi="A", tanggal_akreditasi=date(2023, 1, 1),
            )
            for u in load_toml("uptd.toml")["uptd"]
        ]  # fmt: skip
