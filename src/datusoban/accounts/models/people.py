"""A user's role and regional scope, and the append-only audit trail of personal data."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from datusoban.accounts import roles


class Account(models.Model):
    """What a user is in Datu Soban: one role and one region they answer for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account"
    )
    peran = models.CharField(max_length=24, choices=roles.choices())
    wilayah = models.ForeignKey(
        "reference.Region",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Cakupan: provinsi, kab/kota atau kecamatan",
    )
    # Set when an administrator gives the user a password (a new account, a reset): the
    # password is then known to two people, so the user must choose their own before
    # anything else (accounts.middleware.PasswordChangeRequired).
    harus_ganti_sandi = models.BooleanField(
        default=False, help_text="Pengguna wajib mengganti kata sandi saat masuk berikutnya"
    )

    class Meta:
        # The table keeps the name it was created with (the model was renamed).
        db_table = "accounts_akun"
        verbose_name = "akun"
        verbose_name_plural = "akun"

    def __str__(self) -> str:
        return f"{self.user} ({self.get_peran_display()}, {self.wilayah_id})"

    def clean(self) -> None:
        # A scope is an administrative area someone answers for; a desa is too
        # small to be one (field workers get their caseloads another way).
        if self.wilayah_id and self.wilayah_id.count(".") > 2:
            raise ValidationError({"wilayah": "Cakupan paling kecil adalah kecamatan."})


class AuditEvent(models.Model):
    """One read, change or export of personal data (UU 27/2022 Art. 31, 32).

    Rows are only ever added: the database itself refuses to update or delete
    them (triggers in the migration), whoever asks.
    """

    class Aksi(models.TextChoices):
        BACA = "baca", "Membaca"
        CARI = "cari", "Mencari"
        UBAH = "ubah", "Mengubah"
        EKSPOR = "ekspor", "Mengekspor"

    waktu = models.DateTimeField(default=timezone.now)
    # No foreign-key constraint: the trail outlives the accounts it names, and
    # the name is kept as it was when the row was written.
    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    nama_pengguna = models.CharField(max_length=150)
    aksi = models.CharField(max_length=8, choices=Aksi.choices)
    objek = models.CharField(max_length=40, help_text="orang, keluarga, rekaman_sumber, ...")
    objek_id = models.CharField(max_length=64, blank=True)
    # The data subject's NIK, so that everything done with one person's data
    # can be reported to them (the data-subject report).
    nik = models.CharField(max_length=16, null=True, blank=True)
    tujuan = models.CharField(max_length=200, blank=True, help_text="Required for exports")
    alamat_ip = models.GenericIPAddressField(null=True, blank=True)
    rincian = models.JSONField(default=dict, blank=True)

    class Meta:
        # The table keeps the name it was created with (the model was renamed).
        db_table = "accounts_jejakaudit"
        verbose_name = "jejak audit"
        verbose_name_plural = "jejak audit"
        indexes = [
            models.Index(fields=["nik", "waktu"], name="audit_nik_waktu"),
            models.Index(fields=["waktu"], name="audit_waktu"),
            models.Index(fields=["pengguna", "waktu"], name="audit_pengguna_waktu"),
        ]

    def __str__(self) -> str:
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.nama_pengguna} {self.aksi} {self.objek}"
