"""A citizen's complaint or objection (sanggahan): who is wrongly in or left out of a
programme, wrong data, or a complaint about a service; verified within 14 days."""

# The tables stay in the app labelled "cases" (where they were created, so existing
# databases and migrations are unchanged); the models live with their feature.

from __future__ import annotations

from django.conf import settings
from django.db import models


class Sanggahan(models.Model):
    kategori = models.CharField(max_length=12)
    # A complainant may stay anonymous: then both fields are empty.
    nama_pelapor = models.CharField(max_length=120, blank=True)
    kontak_pelapor = models.CharField(max_length=120, blank=True)
    uraian = models.TextField()
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    program = models.ForeignKey(
        "reference.Program", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The enrolment the grievance is about (inclusion errors), when known.
    kepesertaan = models.ForeignKey(
        "programs.Kepesertaan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    wilayah = models.ForeignKey("reference.Region", on_delete=models.PROTECT, related_name="+")
    kode_kabkota = models.CharField(max_length=5)
    diterima = models.DateField()
    batas = models.DateField(help_text="Received + the verification days of data/sanggahan.toml")
    dicatat_oleh = models.CharField(max_length=150)
    status = models.CharField(max_length=12, default="diterima")
    hasil = models.CharField(max_length=16, blank=True)
    tindak_lanjut = models.CharField(max_length=12, blank=True)
    # A proposal made by an exclusion error found true.
    usulan = models.ForeignKey(
        "programs.Kepesertaan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    catatan = models.TextField(blank=True)
    # A change the outcome made to the registry itself (a person marked deceased or moved):
    # {"orang": id, "sebelum": {...}, "sesudah": {...}}; empty when it changed nothing there.
    perubahan_registri = models.JSONField(default=dict, blank=True)
    diverifikasi_oleh = models.CharField(max_length=150, blank=True)
    diverifikasi_pada = models.DateField(null=True, blank=True)
    # The officer asked to verify it ("Tugas saya"); empty: any verifier of its region.
    ditugaskan_ke = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    # Where it came from: recorded at an office (kantor) or sent by a citizen through the
    # public form (publik, usulpublik), who tracks it by its receipt code.
    asal = models.CharField(max_length=8, default="kantor")
    kode_tanda_terima = models.CharField(max_length=10, null=True, blank=True, unique=True)

    class Meta:
        app_label = "cases"
        verbose_name = "sanggahan"
        verbose_name_plural = "sanggahan"
        indexes = [models.Index(fields=["kode_kabkota", "status", "batas"], name="sanggahan_batas")]

    def __str__(self) -> str:
        return f"Sanggahan {self.pk} ({self.kategori}, {self.status})"
