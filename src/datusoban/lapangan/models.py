"""What the field app leaves on the server: each download of a worker's own work, and each
verification visit (verivali) sent back from it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Unduhan(models.Model):
    """One download of "my work": which households it held and when, the version a visit's
    values before are read against (the office's changes since it are conflicts). Also an
    office's XLSForm of the visit for ODK Collect or KoBoToolbox (``jenis`` xlsform)."""

    class Jenis(models.TextChoices):
        APLIKASI = "aplikasi", "Aplikasi lapangan"
        XLSFORM = "xlsform", "Formulir ODK/KoBo (XLSForm)"

    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    diunduh_pada = models.DateTimeField(auto_now_add=True)
    # The household ids the download held: a visit is accepted only for one of them.
    keluarga = models.JSONField(default=list)
    jenis = models.CharField(max_length=10, choices=Jenis.choices, default=Jenis.APLIKASI)
    # An XLSForm's snapshot, household id -> {"nilai": variables as downloaded, "anggota":
    # member ids in the form's order}: ODK sends no values before, so they are read here.
    nilai = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "unduhan pekerjaan lapangan"
        verbose_name_plural = "unduhan pekerjaan lapangan"

    def __str__(self) -> str:
        return f"Unduhan {self.pk}"


class KunjunganLapangan(models.Model):
    """One verification visit of one household, as the field worker recorded it offline."""

    class Status(models.TextChoices):
        DITEMUKAN = "ditemukan", "Ditemukan"
        PINDAH = "pindah", "Pindah"
        MENINGGAL = "meninggal", "Meninggal"
        TIDAK_DITEMUKAN = "tidak_ditemukan", "Tidak ditemukan"

    class Sumber(models.TextChoices):
        APLIKASI = "aplikasi", "Aplikasi lapangan"
        ODK_CENTRAL = "odk_central", "ODK Central"
        KOBO = "kobo", "KoBoToolbox"

    class Verifikasi(models.TextChoices):
        MENUNGGU = "menunggu", "Menunggu verifikasi"
        KONFLIK = "konflik", "Konflik dengan perubahan kantor"
        DITERIMA = "diterima", "Diterima"
        DITOLAK = "ditolak", "Ditolak"

    # The client's idempotency key: the same visit sent twice is stored once.
    kunci = models.UUIDField(unique=True)
    petugas = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, related_name="kunjungan_lapangan"
    )
    # The household's kab/kota and kecamatan when visited: the office pages list by them.
    kode_kabkota = models.CharField(max_length=5)
    kode_kecamatan = models.CharField(max_length=8)
    unduhan = models.ForeignKey(Unduhan, on_delete=models.PROTECT, related_name="kunjungan")
    dikunjungi_pada = models.DateTimeField(help_text="When the worker recorded it (device clock)")
    diterima_pada = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    # Field -> value: as downloaded, and as the worker found them (only the household's
    # socio-economic variables); members: person id -> status found.
    sebelum = models.JSONField(default=dict)
    sesudah = models.JSONField(default=dict)
    anggota = models.JSONField(default=dict)
    # Fields the office changed since the download that the worker changed too: office value.
    konflik = models.JSONField(default=dict)
    lintang = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    bujur = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    foto = models.CharField(max_length=80, blank=True)  # a generated name under berkas/
    verifikasi = models.CharField(
        max_length=10, choices=Verifikasi.choices, default=Verifikasi.MENUNGGU
    )
    sumber = models.CharField(max_length=12, choices=Sumber.choices, default=Sumber.APLIKASI)
    # The submission's own id in ODK Central or KoBoToolbox (instanceID, _uuid), as written.
    id_kiriman = models.CharField(max_length=100, blank=True)
    diputus_oleh = models.CharField(max_length=150, blank=True)
    diputus_pada = models.DateTimeField(null=True, blank=True)
    # Accepted: the batch of the field-visit source that holds what was found (lapangan.source),
    # where the household page and the person page say the values came from.
    batch = models.OneToOneField(
        "registry.ImportBatch", null=True, blank=True, on_delete=models.PROTECT,
        related_name="kunjungan_lapangan",
    )  # fmt: skip

    class Meta:
        verbose_name = "kunjungan lapangan"
        verbose_name_plural = "kunjungan lapangan"
        indexes = [
            models.Index(fields=["kode_kabkota", "verifikasi"], name="kunjungan_kabkota_status"),
            models.Index(fields=["kode_kecamatan"], name="kunjungan_kecamatan"),
        ]

    def __str__(self) -> str:
        return f"Kunjungan lapangan {self.pk}"

    @property
    def berubah(self) -> list[str]:
        """The fields the worker found changed."""
        return [f for f, v in self.sesudah.items() if self.sebelum.get(f) != v]


class KirimanLapangan(models.Model):
    """One entry other than a visit sent from the field app (a case report, a P2K2 session,
    a disaster victim, a delivery), kept under the key the device made: the same entry
    sent again gets the stored answer and creates nothing."""

    class Jenis(models.TextChoices):
        KASUS = "kasus", "Laporan kasus"
        P2K2 = "p2k2", "Pertemuan P2K2"
        KORBAN = "korban", "Korban bencana"
        PENYALURAN = "penyaluran", "Penyaluran logistik"

    kunci = models.UUIDField(unique=True)
    petugas = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    jenis = models.CharField(max_length=12, choices=Jenis.choices)
    # The id of what the entry created (LaporanKasus, PertemuanP2K2, KorbanBencana,
    # PenyaluranLogistik by ``jenis``); null only inside the transaction that creates it.
    objek_id = models.BigIntegerField(null=True)
    jawaban = models.JSONField(default=dict)  # the answer given the first time
    diterima_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kiriman lapangan"
        verbose_name_plural = "kiriman lapangan"

    def __str__(self) -> str:
        return f"Kiriman lapangan {self.jenis} {self.pk}"
