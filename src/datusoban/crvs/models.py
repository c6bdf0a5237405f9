"""What the civil registry told us, kept as a proposal until an officer (or, where an
office has switched it on, the system) acts on it."""

from __future__ import annotations

from django.db import models


class UsulanKematian(models.Model):
    """A death the civil registry recorded, proposed as a change to the registry.

    The event is kept whole as it was received (``bukti``): what the officer reads, and
    what shows later why a person was marked deceased. ``nomor_peristiwa`` (the death
    registration number, or the record's own id) keeps a second poll from proposing the
    same death twice.
    """

    class Padanan(models.TextChoices):
        NIK = "nik", "Cocok dengan satu orang menurut NIK"
        TAUTAN = "tautan", "Cocok dengan satu orang melalui rekaman sumber yang tertaut"
        GANDA = "ganda", "NIK dimiliki lebih dari satu orang di registri"
        TIDAK_ADA = "tidak_ada", "NIK tidak ada di registri"

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", "Menunggu tinjauan"
        DITERAPKAN = "diterapkan", "Diterapkan"
        DITOLAK = "ditolak", "Ditolak"

    nomor_peristiwa = models.CharField(max_length=99, unique=True)
    nik = models.CharField("NIK", max_length=16)
    nama = models.CharField(max_length=200, blank=True)
    tanggal_kematian = models.DateField()
    bukti = models.JSONField(help_text="The civil registry's record, as received")
    diterima_pada = models.DateTimeField(auto_now_add=True)
    # The person the NIK points to when exactly one does (in the registry, or through the
    # source records linkage resolved to them). A linkage merge moves it to the person
    # kept (penautan.carried finds every reference to a person); a person deleted
    # otherwise leaves it empty (SET_NULL), the NIK and the evidence still say who it was.
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="usulan_kematian",
    )
    padanan = models.CharField(max_length=10, choices=Padanan.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    diputuskan_oleh = models.CharField(max_length=150, blank=True)
    diputuskan_pada = models.DateTimeField(null=True, blank=True)
    alasan_tolak = models.TextField(blank=True)
    # What applying changed: the person's status before and after, the enrolments ended.
    perubahan = models.JSONField(null=True, blank=True)
    # Applied by the system, without an officer: the match was certain and the person's
    # kab/kota had switched automatic application on (PenerapanOtomatis).
    otomatis = models.BooleanField(default=False)

    class Meta:
        verbose_name = "usulan kematian"
        verbose_name_plural = "usulan kematian"
        indexes = [models.Index(fields=["status", "diterima_pada"], name="usulan_kematian_antrian")]

    def __str__(self) -> str:
        return f"Kematian {self.nomor_peristiwa}: {self.status}"


class UsulanKelahiran(models.Model):
    """A birth the civil registry recorded, proposed as a new member of a family of the
    registry: the child added to the household of the mother (else of the father) whose
    NIK the birth record names. Applying creates the person, with the civil registry as
    the source of their record (``crvs.births``)."""

    class Padanan(models.TextChoices):
        IBU = "ibu", "Keluarga ibu ditemukan di registri"
        AYAH = "ayah", "Keluarga ayah ditemukan di registri"
        TANPA_KELUARGA = "tanpa_keluarga", "Orang tua tidak ada di registri atau tanpa keluarga"
        SUDAH_ADA = "sudah_ada", "NIK anak sudah ada di registri"

    Status = UsulanKematian.Status

    nomor_peristiwa = models.CharField(max_length=99, unique=True)
    nik = models.CharField("NIK", max_length=16)
    nama = models.CharField(max_length=200, blank=True)
    tanggal_lahir = models.DateField()
    jenis_kelamin = models.CharField(max_length=1, blank=True)
    nik_ibu = models.CharField(max_length=16, blank=True)
    nik_ayah = models.CharField(max_length=16, blank=True)
    bukti = models.JSONField(help_text="The civil registry's record, as received")
    diterima_pada = models.DateTimeField(auto_now_add=True)
    # The parents found in the registry by NIK, and the family the child would join.
    ibu = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ayah = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="usulan_kelahiran",
    )
    padanan = models.CharField(max_length=16, choices=Padanan.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    diputuskan_oleh = models.CharField(max_length=150, blank=True)
    diputuskan_pada = models.DateTimeField(null=True, blank=True)
    alasan_tolak = models.TextField(blank=True)
    # The person applying created (and their source record, batch and membership).
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="usulan_kelahiran",
    )
    perubahan = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = "usulan kelahiran"
        verbose_name_plural = "usulan kelahiran"
        indexes = [
            models.Index(fields=["status", "diterima_pada"], name="usulan_kelahiran_antrian")
        ]

    def __str__(self) -> str:
        return f"Kelahiran {self.nomor_peristiwa}: {self.status}"


class PenerapanOtomatis(models.Model):
    """A kab/kota office's switch: deaths whose match is certain (the NIK of exactly one
    living person of the kab/kota, the same name by the registry's name key, a plausible
    date) are applied by the system as they arrive. Off unless a row says it is on."""

    kode_kabkota = models.CharField(max_length=5, unique=True)
    aktif = models.BooleanField(default=False)
    diubah_oleh = models.CharField(max_length=150)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "penerapan otomatis"
        verbose_name_plural = "penerapan otomatis"

    def __str__(self) -> str:
        return f"{self.kode_kabkota}: {'aktif' if self.aktif else 'mati'}"
