"""Proposals to the national registry (usulan), the village deliberations (musyawarah
desa) that agree them, the batches sent to SIKS-NG and the national answers received."""

from __future__ import annotations

from django.db import models


class MusyawarahDesa(models.Model):
    """A musyawarah desa/kelurahan: where and when the village agreed its proposals."""

    desa = models.ForeignKey("reference.Region", on_delete=models.PROTECT, related_name="+")
    kode_kabkota = models.CharField(max_length=5)
    tanggal = models.DateField()
    jumlah_peserta = models.PositiveIntegerField()
    notulen = models.TextField(blank=True)
    # The minutes as a file (PDF or photo), stored as case files are (kasus.files).
    berkas_notulen = models.CharField(max_length=255, blank=True)
    jenis_berkas = models.CharField(max_length=4, blank=True)
    dicatat_oleh = models.CharField(max_length=150)
    dicatat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "musyawarah desa"
        verbose_name_plural = "musyawarah desa"
        indexes = [models.Index(fields=["kode_kabkota", "tanggal"], name="musdes_kabkota")]

    def __str__(self) -> str:
        return f"Musyawarah desa {self.pk} ({self.desa_id}, {self.tanggal})"


class Pengiriman(models.Model):
    """A batch of verified proposals exported in the SIKS-NG upload layout: who made it,
    when, for which kab/kota and period, and the checksums of the files it wrote."""

    kode_kabkota = models.CharField(max_length=5)
    periode = models.CharField(max_length=7, help_text="YYYY-MM: the month of verification")
    dibuat_oleh = models.CharField(max_length=150)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    tujuan = models.CharField(max_length=200)
    jumlah_usulan = models.PositiveIntegerField(default=0)
    jumlah_orang = models.PositiveIntegerField(default=0)
    sha256_xlsx = models.CharField(max_length=64, blank=True)
    sha256_csv = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "pengiriman usulan"
        verbose_name_plural = "pengiriman usulan"

    def __str__(self) -> str:
        return f"Pengiriman {self.pk} ({self.kode_kabkota}, {self.periode})"


class JawabanNasional(models.Model):
    """A national answer file received: each of its rows closed one proposal."""

    nama_berkas = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    diimpor_oleh = models.CharField(max_length=150)
    diimpor_pada = models.DateTimeField(auto_now_add=True)
    wilayah = models.CharField(max_length=13, help_text="The importer's region")
    jumlah_baris = models.PositiveIntegerField(default=0)
    padan = models.PositiveIntegerField(default=0)
    tidak_padan = models.PositiveIntegerField(default=0)
    desil_diterapkan = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "jawaban nasional"
        verbose_name_plural = "jawaban nasional"

    def __str__(self) -> str:
        return f"Jawaban {self.pk} ({self.nama_berkas})"


class Usulan(models.Model):
    """One proposal: a household or a person (or someone not yet in the registry, whose
    data it carries) to add, update, remove, or whose desil should change."""

    jenis = models.CharField(max_length=12)
    alasan_hapus = models.CharField(max_length=12, blank=True)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A new person's data for SIKS-NG (the import's canonical fields), or the values an
    # update changes; checked by the import's own rules when the proposal is made.
    data = models.JSONField(default=dict, blank=True)
    # The NIK and name the proposal is about (the person's, or the new data's): for lists,
    # the audit trail and matching the national answer.
    nik = models.CharField(max_length=16, null=True, blank=True)
    nama = models.CharField(max_length=200, blank=True)
    tanggal_lahir = models.DateField(null=True, blank=True)
    wilayah = models.ForeignKey("reference.Region", on_delete=models.PROTECT, related_name="+")
    kode_kabkota = models.CharField(max_length=5)
    musyawarah = models.ForeignKey(
        MusyawarahDesa, null=True, blank=True, on_delete=models.PROTECT, related_name="usulan"
    )
    keterangan = models.TextField(blank=True)
    status = models.CharField(max_length=12, default="diusulkan")
    diusulkan_oleh = models.CharField(max_length=150)
    diusulkan_pada = models.DateField()
    batas = models.DateField(help_text="Proposed + hari_verifikasi of data/usulan.toml")
    # The kab/kota verification: the home visit (its outcome, by whom, when) and the note.
    hasil_kunjungan = models.CharField(max_length=16, blank=True)
    dikunjungi_oleh = models.CharField(max_length=150, blank=True)
    dikunjungi_pada = models.DateField(null=True, blank=True)
    catatan_verifikasi = models.TextField(blank=True)
    diverifikasi_oleh = models.CharField(max_length=150, blank=True)
    diverifikasi_pada = models.DateField(null=True, blank=True)
    alasan_tolak = models.TextField(blank=True)
    pengiriman = models.ForeignKey(
        Pengiriman, null=True, blank=True, on_delete=models.PROTECT, related_name="usulan"
    )
    dikirim_pada = models.DateField(null=True, blank=True)
    # The national answer: padan or tidak_padan, its reason, the DTSEN desil it gave.
    hasil_nasional = models.CharField(max_length=12, blank=True)
    alasan_nasional = models.CharField(max_length=300, blank=True)
    desil_dtsen = models.PositiveSmallIntegerField(null=True, blank=True)
    jawaban = models.ForeignKey(
        JawabanNasional, null=True, blank=True, on_delete=models.PROTECT, related_name="usulan"
    )
    dijawab_pada = models.DateField(null=True, blank=True)
    selesai_oleh = models.CharField(max_length=150, blank=True)
    selesai_pada = models.DateField(null=True, blank=True)
    catatan_selesai = models.TextField(blank=True)
    # Where it came from: an office (kantor) or a citizen through the public form (publik,
    # usulpublik): then the proposer's name and phone, their photo (stored as case files
    # are, kasus.files) and the receipt code they track it by; the kab/kota completes the
    # person's data at the home visit.
    asal = models.CharField(max_length=8, default="kantor")
    nama_pengusul = models.CharField(max_length=120, blank=True)
    telepon_pengusul = models.CharField(max_length=16, blank=True)
    foto = models.CharField(max_length=255, blank=True)
    jenis_foto = models.CharField(max_length=4, blank=True)
    kode_tanda_terima = models.CharField(max_length=10, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = "usulan"
        verbose_name_plural = "usulan"
        permissions = [
            ("verifikasi_usulan", "Memverifikasi, menolak dan menyelesaikan usulan"),
            ("kirim_usulan", "Mengirim usulan ke SIKS-NG dan mencatat jawaban nasional"),
        ]
        indexes = [
            models.Index(fields=["kode_kabkota", "status", "batas"], name="usulan_status"),
            models.Index(fields=["nik", "status"], name="usulan_nik"),
        ]

    def __str__(self) -> str:
        return f"Usulan {self.pk} ({self.jenis}, {self.status})"
