"""UPTD panti: residents (warga binaan), services received, discharge and follow-up.

Transitions: admitted → (services recorded) → discharged with a reason →
follow-up visits, each finding the person living independently (mandiri) or not.
``kemandirian`` counts them per kab/kota and year of discharge, for the
kemandirian indicator: a resident discharged to the community is independent
when the last visit within ``jendela_bulan`` months found them mandiri.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from datusoban.layanan.lembaga import check_room
from datusoban.layanan.models import KunjunganLanjut, LayananWarga, Lembaga, WargaBinaan
from datusoban.layanan.models.network import Status
from datusoban.layanan.policy import atensi_components, section
from datusoban.refusal import RefusedError
from datusoban.registri.models import Person

# Discharges that end in the community and are followed up.
RETURNED = (WargaBinaan.AlasanKeluar.SELESAI, WargaBinaan.AlasanKeluar.KEMBALI_KELUARGA)


def admit(uptd: Lembaga, person: Person, masuk: date) -> WargaBinaan:
    if uptd.jenis != Lembaga.Jenis.UPTD:
        raise RefusedError("ditolak", "Warga binaan dicatat pada UPTD panti.")
    if uptd.status != Status.AKTIF:
        raise RefusedError("ditolak", f"{uptd.nama} tidak aktif.")
    if WargaBinaan.objects.filter(person=person, keluar__isnull=True).exists():
        raise RefusedError(
            "ditolak", "Orang ini masih tercatat sebagai warga binaan sebuah panti.", field="person"
        )
    try:
        with transaction.atomic():
            check_room(uptd)
            return WargaBinaan.objects.create(
                uptd=uptd, person=person, masuk=masuk, kode_kabkota=uptd.kode_kabkota
            )
    except IntegrityError:
        raise RefusedError(
            "ditolak", "Orang ini masih tercatat sebagai warga binaan sebuah panti."
        ) from None


def record_service(
    warga: WargaBinaan, komponen: str, tanggal: date, oleh: str, keterangan: str = ""
) -> LayananWarga:
    if komponen not in atensi_components():
        raise RefusedError("ditolak", f"'{komponen}' bukan komponen ATENSI.", field="komponen")
    if warga.keluar is not None and tanggal > warga.keluar:
        raise RefusedError(
            "ditolak", "Layanan tidak dapat dicatat setelah warga keluar.", field="tanggal"
        )
    if tanggal < warga.masuk:
        raise RefusedError(
            "ditolak", "Layanan tidak dapat dicatat sebelum warga masuk.", field="tanggal"
        )
    return LayananWarga.objects.create(
        warga=warga, komponen=komponen, tanggal=tanggal, oleh=oleh, keterangan=keterangan
    )


def discharge(warga: WargaBinaan, keluar: date, alasan: str) -> None:
    if warga.keluar is not None:
        raise RefusedError("ditolak", "Warga ini sudah keluar.")
    if keluar < warga.masuk:
        raise RefusedError("ditolak", "Tanggal keluar sebelum tanggal masuk.")
    if alasan not in WargaBinaan.AlasanKeluar.values:
        raise RefusedError("ditolak", f"Alasan keluar '{alasan}' tidak dikenal.")
    warga.keluar, warga.alasan_keluar = keluar, alasan
    warga.save(update_fields=["keluar", "alasan_keluar"])


def follow_up(
    warga: WargaBinaan, tanggal: date, hasil: str, oleh: str, catatan: str = ""
) -> KunjunganLanjut:
    if warga.keluar is None:
        raise RefusedError("ditolak", "Kunjungan tindak lanjut dilakukan setelah warga keluar.")
    if warga.alasan_keluar not in RETURNED:
        raise RefusedError("ditolak", "Hanya warga yang kembali ke masyarakat yang dikunjungi.")
    if tanggal < warga.keluar:
        raise RefusedError("ditolak", "Tanggal kunjungan sebelum tanggal keluar.")
    if hasil not in KunjunganLanjut.Hasil.values:
        raise RefusedError("ditolak", f"Hasil '{hasil}' tidak dikenal.")
    return KunjunganLanjut.objects.create(
        warga=warga, tanggal=tanggal, hasil=hasil, oleh=oleh, catatan=catatan
    )


def follow_up_due(residents: QuerySet[WargaBinaan], on: date) -> QuerySet[WargaBinaan]:
    """Residents returned to the community ``kunjungan_pertama_hari`` days ago or more
    and never visited."""
    days = section("panti")["kunjungan_pertama_hari"]
    return residents.filter(
        alasan_keluar__in=RETURNED,
        keluar__lte=on - timedelta(days=days),
        kunjungan__isnull=True,
    ).order_by("keluar", "pk")


def kemandirian(residents: QuerySet[WargaBinaan], as_of: date | None = None) -> pl.DataFrame:
    """Per kab/kota (of the UPTD) and year of discharge to the community: dipulangkan,
    mandiri, belum (last visit within the window found otherwise), menunggu (not yet
    visited), persen (mandiri of those visited). The kemandirian indicator's UPTD part."""
    as_of = as_of or date.today()
    months = section("panti")["jendela_bulan"]
    returned = residents.filter(alasan_keluar__in=RETURNED, keluar__lte=as_of)
    stays = pl.DataFrame(
        list(returned.values_list("pk", "kode_kabkota", "keluar")),
        schema={"id": pl.Int64, "kode_kabkota": pl.Utf8, "keluar": pl.Date},
        orient="row",
    )
    visits = pl.DataFrame(
        list(
            KunjunganLanjut.objects.filter(warga__in=returned, tanggal__lte=as_of).values_list(
                "warga_id", "tanggal", "hasil"
            )
        ),
        schema={"id": pl.Int64, "tanggal": pl.Date, "hasil": pl.Utf8},
        orient="row",
    )
    last = (
        visits.join(stays.select("id", "keluar"), on="id")
        .filter(pl.col("tanggal") <= pl.col("keluar").dt.offset_by(f"{months}mo"))
        .sort("tanggal")
        .unique("id", keep="last")
        .select("id", "hasil")
    )
    judged = stays.join(last, on="id", how="left").with_columns(tahun=pl.col("keluar").dt.year())
    return (
        judged.group_by("kode_kabkota", "tahun")
        .agg(
            dipulangkan=pl.len(),
            mandiri=(pl.col("hasil") == "mandiri").sum(),
            belum=(pl.col("hasil") == "belum").sum(),
            menunggu=pl.col("hasil").is_null().sum(),
        )
        .with_columns(
            persen=pl.when(pl.col("mandiri") + pl.col("belum") > 0).then(
                (100 * pl.col("mandiri") / (pl.col("mandiri") + pl.col("belum"))).round(1)
            )
        )
        .select(
            "kode_kabkota",
            pl.col("tahun").cast(pl.Int64),
            *[pl.col(c).cast(pl.Int64) for c in ("dipulangkan", "mandiri", "belum", "menunggu")],
            "persen",
        )
        .sort("kode_kabkota", "tahun")
    )
