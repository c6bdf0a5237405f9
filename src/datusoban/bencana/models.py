"""A disaster event, its victims, the Tagana deployed and the logistics given per family."""

# The tables stay in the app labelled "cases" (where they were created, so existing
# databases and migrations are unchanged); the models live with their feature.

from __future__ import annotations

from django.db import models

from datusoban.formatting import tanggal_pendek


class Bencana(models.Model):
    class Status(models.TextChoices):
        TANGGAP_DARURAT = "tanggap_darurat", "Tanggap darurat"
        PEMULIHAN = "pemulihan", "Pemulihan"
        SELESAI = "selesai", "Selesai"

    nama = models.CharField(max_length=160)
    jenis = models.CharField(max_length=24)
    tanggal = models.DateField()
    desa = models.ManyToManyField("reference.Region", related_name="+")
    # The kab/kota of the first affected desa: an event's pages are scoped by it.
    kode_kabkota = models.CharField(max_length=5)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.TANGGAP_DARURAT)
    dicatat_oleh = models.CharField(max_length=150)

    class Meta:
        app_label = "cases"
        verbose_name = "bencana"
        verbose_name_plural = "bencana"

    def __str__(self) -> str:
        return f"{self.nama} ({tanggal_pendek(self.tanggal)})"


class KorbanBencana(models.Model):
    """A victim: linked to the registry when found by NIK (or the family by No KK), else held
    with the details given at the post."""

    bencana = models.ForeignKey(Bencana, on_delete=models.CASCADE, related_name="korban")
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nik = models.CharField(max_length=16, blank=True)
    no_kk = models.CharField(max_length=16, blank=True)
    nama = models.CharField(max_length=120)
    desa = models.ForeignKey("reference.Region", on_delete=models.PROTECT, related_name="+")
    kode_kabkota = models.CharField(max_length=5)
    kondisi = models.CharField(max_length=12)
    # The family a victim belongs to for logistics: "k<household id>", "kk<No KK>" or
    # "v<victim id>" for a victim alone with neither.
    kunci_keluarga = models.CharField(max_length=24)
    dicatat_oleh = models.CharField(max_length=150)
    dicatat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "cases"
        verbose_name = "korban bencana"
        verbose_name_plural = "korban bencana"
        indexes = [models.Index(fields=["bencana", "kunci_keluarga"], name="korban_keluarga")]

    def __str__(self) -> str:
        return f"{self.nama} ({self.kondisi})"


class PenugasanTagana(models.Model):
    bencana = models.ForeignKey(Bencana, on_delete=models.CASCADE, related_name="tagana")
    nama = models.CharField(max_length=120)
    nomor_anggota = models.CharField(max_length=40, blank=True)
    lokasi = models.CharField(max_length=160)
    mulai = models.DateField()
    selesai = models.DateField(null=True, blank=True)
    dicatat_oleh = models.CharField(max_length=150)

    class Meta:
        app_label = "cases"
        verbose_name = "penugasan Tagana"
        verbose_name_plural = "penugasan Tagana"

    def __str__(self) -> str:
        return f"{self.nama} di {self.lokasi}"


class StokLogistik(models.Model):
    """Stock received for an event: one row per delivery of an item, or a correction (a
    count at the warehouse, a spoiled delivery) with its reason, which may be negative."""

    bencana = models.ForeignKey(Bencana, on_delete=models.CASCADE, related_name="stok")
    barang = models.CharField(max_length=24)
    jumlah = models.IntegerField()
    asal = models.CharField(max_length=120, blank=True)
    # Empty for a delivery; the reason of a correction.
    alasan = models.CharField(max_length=300, blank=True)
    diterima_pada = models.DateField()
    dicatat_oleh = models.CharField(max_length=150)

    class Meta:
        app_label = "cases"
        verbose_name = "stok logistik"
        verbose_name_plural = "stok logistik"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jumlah__gt=0) | (~models.Q(alasan="") & ~models.Q(jumlah=0)),
                name="stok_positif_atau_koreksi",
            )
        ]

    def __str__(self) -> str:
        return f"{self.barang}: {self.jumlah}"


class PenyaluranLogistik(models.Model):
    """An item given to a victim family. The database refuses a second row for the same
    family, item and event: no family is served twice."""

    bencana = models.ForeignKey(Bencana, on_delete=models.CASCADE, related_name="penyaluran")
    barang = models.CharField(max_length=24)
    korban = models.ForeignKey(KorbanBencana, on_delete=models.PROTECT, related_name="+")
    kunci_keluarga = models.CharField(max_length=24)
    jumlah = models.PositiveIntegerField()
    disalurkan_oleh = models.CharField(max_length=150)
    disalurkan_pada = models.DateTimeField()

    class Meta:
        app_label = "cases"
        verbose_name = "penyaluran logistik"
        verbose_name_plural = "penyaluran logistik"
        constraints = [
            models.UniqueConstraint(
                fields=["bencana", "barang", "kunci_keluarga"], name="logistik_sekali_per_keluarga"
            )
        ]

    def __str__(self) -> str:
        return f"{self.barang} untuk {self.kunci_keluarga}"


class CatatanBencana(models.Model):
    """A step in an event's life or a correction of its data, with who, when, why and the
    values before and after: the event's own record of what was changed."""

    class Jenis(models.TextChoices):
        STATUS = "status", "Status kejadian"
        UBAH_KORBAN = "ubah_korban", "Koreksi korban"
        HAPUS_KORBAN = "hapus_korban", "Korban dihapus"
        KOREKSI_STOK = "koreksi_stok", "Koreksi stok"

    bencana = models.ForeignKey(Bencana, on_delete=models.CASCADE, related_name="catatan")
    jenis = models.CharField(max_length=16, choices=Jenis.choices)
    # The victim concerned, by number: a removed victim's row is gone.
    korban_id = models.IntegerField(null=True, blank=True)
    alasan = models.CharField(max_length=300)
    sebelum = models.JSONField(default=dict)
    sesudah = models.JSONField(default=dict)
    oleh = models.CharField(max_length=150)
    pada = models.DateTimeField()

    class Meta:
        app_label = "cases"
        verbose_name = "catatan bencana"
        verbose_name_plural = "catatan bencana"

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} ({tanggal_pendek(self.pada)})"
