"""A social case reported from the field, each step of its workflow, its referrals and the
consent given before anything is shared with an outside organisation."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class LaporanKasus(models.Model):
    """One social problem reported by a field worker (PPKS category, place, urgency).

    Status and urgency take the codes of data/kasus.toml, checked by the services (no
    database choices: a policy change needs no migration)."""

    kategori = models.ForeignKey(
        "reference.KategoriPPKS", on_delete=models.PROTECT, related_name="+"
    )
    # The person concerned, when found in the registry (through the scoped search).
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nama_orang = models.CharField(max_length=120, blank=True, help_text="When not in the registry")
    desa = models.ForeignKey("reference.Region", on_delete=models.PROTECT, related_name="+")
    # Copied from the desa code when written: scope filters on it without a join.
    kode_kabkota = models.CharField(max_length=5)
    alamat = models.CharField(max_length=200, blank=True)
    uraian = models.TextField()
    urgensi = models.CharField(max_length=8)
    status = models.CharField(max_length=12, default="dilaporkan")
    pelapor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    nama_pelapor = models.CharField(max_length=150)
    dilaporkan_pada = models.DateTimeField()
    # The report time plus the SLA of its urgency (data/kasus.toml), fixed when filed.
    batas_waktu = models.DateTimeField()
    # When the case was first handled or referred: the SLA is met if this is before the limit.
    ditangani_pada = models.DateTimeField(null=True, blank=True)
    ditutup_pada = models.DateTimeField(null=True, blank=True)
    # The officer asked to act on the case ("Tugas saya"); empty: anyone of its region.
    ditugaskan_ke = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = "laporan kasus"
        verbose_name_plural = "laporan kasus"
        indexes = [
            models.Index(fields=["kode_kabkota", "status", "batas_waktu"], name="kasus_sla"),
            # The province-wide overdue list, oldest limit first, read a page at a time.
            models.Index(fields=["batas_waktu", "id"], name="kasus_batas"),
        ]

    def __str__(self) -> str:
        return f"Kasus {self.pk} ({self.status})"


class LangkahKasus(models.Model):
    """One step of a case's workflow: from, to, who, when, why. Only ever added."""

    kasus = models.ForeignKey(LaporanKasus, on_delete=models.CASCADE, related_name="langkah")
    aksi = models.CharField(max_length=24)
    dari = models.CharField(max_length=12, blank=True)
    ke = models.CharField(max_length=12)
    catatan = models.TextField(blank=True)
    oleh = models.CharField(max_length=150)
    pada = models.DateTimeField()

    class Meta:
        verbose_name = "langkah kasus"
        verbose_name_plural = "langkah kasus"
        ordering = ["kasus", "pada", "id"]

    def __str__(self) -> str:
        return f"{self.kasus_id}: {self.dari or '-'} → {self.ke}"


class BerkasKasus(models.Model):
    """A photo or document of a case or a grievance, stored under $DATUSOBAN_HOME/berkas."""

    kasus = models.ForeignKey(
        LaporanKasus, null=True, blank=True, on_delete=models.CASCADE, related_name="berkas"
    )
    sanggahan = models.ForeignKey(
        "cases.Sanggahan", null=True, blank=True, on_delete=models.CASCADE, related_name="bukti"
    )
    nama_berkas = models.CharField(max_length=200, help_text="The name the uploader gave it")
    jalur = models.CharField(max_length=80, help_text="Generated name under the data directory")
    jenis = models.CharField(max_length=4)
    ukuran = models.PositiveIntegerField()
    diunggah_oleh = models.CharField(max_length=150)
    diunggah_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "berkas kasus"
        verbose_name_plural = "berkas kasus"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kasus__isnull=False) | models.Q(sanggahan__isnull=False),
                name="berkas_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.nama_berkas


class Persetujuan(models.Model):
    """The consent of the person (or their guardian) to share their case with an outside
    organisation (UU 27/2022: a basis for the transfer). Recorded before the referral."""

    class Cara(models.TextChoices):
        TERTULIS = "tertulis", "Tertulis (ditandatangani)"
        LISAN = "lisan", "Lisan, disaksikan"
        CAP_JEMPOL = "cap_jempol", "Cap jempol"

    kasus = models.ForeignKey(LaporanKasus, on_delete=models.CASCADE, related_name="persetujuan")
    nama_pemberi = models.CharField(max_length=120)
    hubungan = models.CharField(max_length=40, help_text="yang bersangkutan, orang tua, wali ...")
    cara = models.CharField(max_length=12, choices=Cara.choices)
    diberikan_pada = models.DateTimeField()
    dicatat_oleh = models.CharField(max_length=150)

    class Meta:
        verbose_name = "persetujuan"
        verbose_name_plural = "persetujuan"

    def __str__(self) -> str:
        return f"{self.nama_pemberi} ({self.cara})"


class Rujukan(models.Model):
    """A referral of a case to a programme, an LKS, a UPTD or another agency."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", "Menunggu jawaban"
        DITERIMA = "diterima", "Diterima"
        DITOLAK = "ditolak", "Ditolak"

    kasus = models.ForeignKey(LaporanKasus, on_delete=models.CASCADE, related_name="rujukan")
    jenis = models.CharField(max_length=10)
    program = models.ForeignKey(
        "reference.Program", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The proposal a referral to a programme made (programs.services.propose).
    kepesertaan = models.ForeignKey(
        "programs.Kepesertaan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The LKS or UPTD receiving the case, from the institutions' register (services app);
    # another agency, or an institution not yet registered, by name only.
    lembaga = models.ForeignKey(
        "services.Lembaga", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nama_penerima = models.CharField(max_length=160, blank=True)
    persetujuan = models.ForeignKey(
        Persetujuan, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    catatan = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    alasan = models.TextField(blank=True, help_text="The receiver's reason")
    dirujuk_oleh = models.CharField(max_length=150)
    dirujuk_pada = models.DateTimeField()
    diputus_oleh = models.CharField(max_length=150, blank=True)
    diputus_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "rujukan"
        verbose_name_plural = "rujukan"
        # The referrals waiting for their receiver, oldest first ("Tugas saya").
        indexes = [models.Index(fields=["status", "dirujuk_pada"], name="rujukan_menunggu")]

    def __str__(self) -> str:
        return f"Rujukan {self.pk} ({self.jenis}, {self.status})"
