"""Loading the synthetic delivery network: workers and institutions (``network``), then
LKS clients, UPTD residents with services and follow-up, and trainings."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
from django.db import transaction

from datusoban.layanan import models as m
from datusoban.layanan.policy import atensi_components, section
from datusoban.synth.network import NetworkCounts, NetworkExistsError, _Builder

OLEH = "datusoban synth_layanan"


def _days_before(rng: np.random.Generator, on: date, lo: int, hi: int) -> date:
    return on - timedelta(days=int(rng.integers(lo, hi)))


def _clients(b: _Builder, lks: list[m.Lembaga]) -> list[m.KlienLembaga]:
    cfg = b.cfg["klien"]
    made: list[m.KlienLembaga] = []
    taken: set[int] = set()
    by_kab = {k: g["pk"].to_numpy() for (k,), g in b.people.group_by("kab")}
    for lembaga in lks:
        pool = by_kab.get(lembaga.kode_kabkota)
        if pool is None or not len(pool):
            continue
        n = min(cfg["per_lks"], len(pool))
        for pk in b.rng.choice(pool, n, replace=False).tolist():
            if pk in taken:
                continue
            taken.add(pk)
            mulai = _days_before(b.rng, b.as_of, 30, 1200)
            ended = b.rng.random() < cfg["ended_share"]
            made.append(
                m.KlienLembaga(
                    lembaga=lembaga, person_id=pk,
                    kebutuhan=lembaga.layanan[int(b.rng.integers(len(lembaga.layanan)))],
                    mulai=mulai, selesai=b.as_of - timedelta(days=7) if ended else None,
                    kode_kabkota=lembaga.kode_kabkota,
                )
            )  # fmt: skip
    # A share of open clients is also served by another LKS of the kab/kota for the same need.
    by_kab_lks: dict[str, list[m.Lembaga]] = {}
    for lembaga in lks:
        by_kab_lks.setdefault(lembaga.kode_kabkota, []).append(lembaga)
    second = []
    for klien in made:
        others = [x for x in by_kab_lks[klien.kode_kabkota] if x is not klien.lembaga]
        if klien.selesai is None and others and b.rng.random() < cfg["overlap_share"]:
            other = others[int(b.rng.integers(len(others)))]
            second.append(
                m.KlienLembaga(
                    lembaga=other, person_id=klien.person_id, kebutuhan=klien.kebutuhan,
                    mulai=klien.mulai, kode_kabkota=other.kode_kabkota,
                )
            )  # fmt: skip
    return made + second


def _residents(b: _Builder, uptd: list[m.Lembaga], taken: set[int]) -> int:
    cfg = b.cfg["panti"]
    n = max(cfg["min_residents"], round(cfg["residents_per_uptd"] * b.scale))
    pool = np.setdiff1d(b.people["pk"].to_numpy(), np.fromiter(taken, dtype=np.int64))
    picks = b.rng.choice(pool, min(len(pool), n * len(uptd)), replace=False).tolist()
    warga: list[m.WargaBinaan] = []
    for i, pk in enumerate(picks):
        home = uptd[i % len(uptd)]
        masuk = _days_before(b.rng, b.as_of, 400, 2000)
        row = m.WargaBinaan(uptd=home, person_id=pk, masuk=masuk, kode_kabkota=home.kode_kabkota)
        if b.rng.random() < cfg["discharged_share"]:
            row.keluar = masuk + timedelta(days=int(b.rng.integers(180, 365)))
            row.alasan_keluar = (
                str(b.rng.choice(["selesai", "kembali_keluarga"]))
                if b.rng.random() < cfg["returned_share"]
                else str(b.rng.choice(["dirujuk", "melarikan_diri", "meninggal"]))
            )
        warga.append(row)
    warga = m.WargaBinaan.objects.bulk_create(warga)
    components = atensi_components()
    services, visits = [], []
    first_visit = section("panti")["kunjungan_pertama_hari"]
    for w in warga:
        end = w.keluar or b.as_of
        for c in b.rng.choice(components, int(b.rng.integers(1, 4)), replace=False).tolist():
            day = w.masuk + timedelta(days=int(b.rng.integers(0, (end - w.masuk).days + 1)))
            services.append(m.LayananWarga(warga=w, komponen=c, tanggal=day, oleh=OLEH))
        visit_on = w.keluar + timedelta(days=first_visit) if w.keluar else None
        if (
            w.alasan_keluar in ("selesai", "kembali_keluarga")
            and visit_on <= b.as_of
            and b.rng.random() < cfg["visited_share"]
        ):
            hasil = "mandiri" if b.rng.random() < cfg["mandiri_share"] else "belum"
            visits.append(m.KunjunganLanjut(warga=w, tanggal=visit_on, hasil=hasil, oleh=OLEH))
    m.LayananWarga.objects.bulk_create(services)
    m.KunjunganLanjut.objects.bulk_create(visits)
    return len(warga)


def _trainings(b: _Builder, pilar: list[m.Pilar], counts: NetworkCounts) -> None:
    cfg = b.cfg["sesi"]
    organiser = section("pelatihan")["penyelenggara_baku"]
    years = section("pelatihan")["masa_berlaku_tahun"]
    for course in b.cfg["pelatihan"]:
        pelatihan = m.Pelatihan.objects.create(
            kode=course["kode"], nama=course["nama"], untuk_peran=course["untuk_peran"]
        )
        workers = [p for p in pilar if p.peran in course["untuk_peran"] and p.status == "aktif"]
        chosen = [p for p in workers if b.rng.random() < cfg["trained_share"]]
        year_of = b.rng.integers(0, len(cfg["tahun"]), len(chosen))
        for y, tahun in enumerate(cfg["tahun"]):
            mulai = date(tahun, int(b.rng.integers(2, 10)), int(b.rng.integers(1, 25)))
            if mulai > b.as_of - timedelta(days=10):
                mulai = b.as_of - timedelta(days=30)
            sesi = m.SesiPelatihan.objects.create(
                pelatihan=pelatihan, mulai=mulai, selesai=mulai + timedelta(days=4),
                tempat=str(b.rng.choice(cfg["tempat"])), penyelenggara=organiser,
            )  # fmt: skip
            attendees = [p for p, yi in zip(chosen, year_of, strict=True) if yi == y]
            peserta = m.PesertaPelatihan.objects.bulk_create(
                m.PesertaPelatihan(sesi=sesi, pilar=p) for p in attendees
            )
            for p in peserta:
                p.hadir = bool(b.rng.random() < cfg["hadir_share"])
                p.lulus = p.hadir and bool(b.rng.random() < cfg["lulus_share"])
            m.PesertaPelatihan.objects.bulk_update(peserta, ["hadir", "lulus"])
            terbit = sesi.selesai
            try:
                until = terbit.replace(year=terbit.year + years)
            except ValueError:
                until = terbit.replace(year=terbit.year + years, day=28)
            certs = m.Sertifikat.objects.bulk_create(
                m.Sertifikat(
                    peserta=p, pilar_id=p.pilar_id, pelatihan=pelatihan,
                    nomor=f"{pelatihan.kode}/{sesi.pk}/{p.pk}", terbit=terbit,
                    berlaku_sampai=until,
                )
                for p in peserta
                if p.lulus
            )  # fmt: skip
            counts.peserta += len(peserta)
            counts.sertifikat += len(certs)


def load_network(seed: int = 2025, as_of: date = date(2025, 6, 30)) -> NetworkCounts:
    """Build and store the synthetic network (see ``network``); refused if one exists."""
    if m.Pilar.objects.exists() or m.Lembaga.objects.exists():
        raise NetworkExistsError
    b = _Builder(seed, as_of)
    with transaction.atomic():
        pilar = b.pendamping() + b.tksk()
        for peran in ("psm", "tagana", "peksos", "penyuluh"):
            pilar += b.by_population(peran, b.cfg["pilar"][peran])
        pilar = m.Pilar.objects.bulk_create(pilar)
        lks, uptd = b.lks(), b.uptd()
        lembaga = m.Lembaga.objects.bulk_create(lks + b.per_kabkota() + uptd)
        clients = m.KlienLembaga.objects.bulk_create(_clients(b, lks))
        b.counts.klien = len(clients)
        b.counts.warga = _residents(b, uptd, {c.person_id for c in clients})
        _trainings(b, pilar, b.counts)
    b.counts.pilar = dict(pl.Series([p.peran for p in pilar]).value_counts().iter_rows())
    b.counts.lembaga = dict(pl.Series([x.jenis for x in lembaga]).value_counts().iter_rows())
    return b.counts
