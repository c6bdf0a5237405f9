"""Rankings as computed: each household's score and desil under one model version."""

from __future__ import annotations

from django.db import models

from datusoban.formatting import angka


class PeringkatKeluarga(models.Model):
    """A household's welfare rank under one proxy-means model version.

    Recomputed whole by `datusoban rank` (one transaction per version), so a
    version's rows always come from one run over the whole registry.
    """

    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="peringkat"
    )
    versi = models.CharField(max_length=20, help_text="Proxy-means model version (data/pmt)")
    skor = models.FloatField(help_text="Predicted log monthly expenditure per capita")
    desil = models.PositiveSmallIntegerField(help_text="1 (poorest tenth) .. 10, province")
    desil_kabkota = models.PositiveSmallIntegerField(help_text="1 .. 10 within the kab/kota")
    desil_dtsen = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The national DTSEN desil, when an export carried it"
    )
    dihitung_pada = models.DateTimeField()

    class Meta:
        verbose_name = "peringkat kesejahteraan"
        verbose_name_plural = "peringkat kesejahteraan"
        constraints = [
            models.UniqueConstraint(fields=["versi", "household"], name="peringkat_versi_household")
        ]
        indexes = [models.Index(fields=["versi", "desil"], name="peringkat_versi_desil")]

    def __str__(self) -> str:
        return f"keluarga {self.household_id}: desil {self.desil} ({self.versi})"


class PenilaianKelayakan(models.Model):
    """One eligibility run of one programme over the whole registry, as counted.

    The counts (per kab/kota and per rule) are kept; the list of eligible units
    is not: it follows the registry, which changes daily, and is recomputed in
    seconds (``datusoban eligible``) or explained one family at a time.
    """

    program = models.ForeignKey(
        "reference.Program", on_delete=models.PROTECT, related_name="penilaian"
    )
    versi_aturan = models.CharField(max_length=20, help_text="Rule-set version (data/aturan)")
    katalog = models.CharField(max_length=20, help_text="Programme catalogue version")
    versi_peringkat = models.CharField(
        max_length=20, null=True, blank=True, help_text="Ranking (desil) version read"
    )
    tanggal_acuan = models.DateField(help_text="Reference date of ages and previous aid")
    dihitung_pada = models.DateTimeField()
    dihitung_oleh = models.CharField(max_length=150)
    sasaran = models.CharField(max_length=10, help_text="orang or keluarga: the unit judged")
    dinilai = models.PositiveIntegerField(help_text="Units judged")
    layak = models.PositiveIntegerField(help_text="Units eligible")
    orang_layak = models.PositiveIntegerField(help_text="People in the eligible units")
    keluarga_layak = models.PositiveIntegerField(help_text="Families with an eligible unit")
    manfaat_per_tahun = models.BigIntegerField(
        null=True, blank=True, help_text="Rupiah a year for all eligible units; null: no amount"
    )
    # {kode_kabkota: {dinilai, layak, orang, keluarga, manfaat_per_tahun}}
    per_kabkota = models.JSONField(default=dict)
    # {kode aturan: {terpenuhi, tidak_terpenuhi, tidak_diketahui}}
    per_aturan = models.JSONField(default=dict)

    class Meta:
        verbose_name = "penilaian kelayakan"
        verbose_name_plural = "penilaian kelayakan"
        indexes = [models.Index(fields=["program", "-dihitung_pada"], name="penilaian_terbaru")]

    def __str__(self) -> str:
        return f"{self.program_id} {self.tanggal_acuan}: {self.layak} layak"


class AlokasiAnggaran(models.Model):
    """One allocation of a programme's budget by need (``datusoban allocate``), as counted.

    The chosen units are not listed here (they follow the registry); when the run
    proposed them, they are enrolments (``programs.Kepesertaan``, status
    diusulkan) whose history names this run.
    """

    program = models.ForeignKey(
        "reference.Program", on_delete=models.PROTECT, related_name="alokasi"
    )
    wilayah = models.CharField(
        max_length=13, default="63", help_text="The province (63), or the kab/kota it ran for"
    )
    satuan = models.CharField(max_length=10, help_text="rupiah, or jumlah (units, no amount)")
    anggaran = models.BigIntegerField(help_text="The budget: rupiah, or units for jumlah")
    kuota = models.JSONField(null=True, blank=True, help_text="{jenis, nilai, redistribusi}")
    peserta = models.CharField(max_length=12, help_text="Policy for units already enrolled")
    versi_aturan = models.CharField(max_length=20)
    katalog = models.CharField(max_length=20)
    versi_peringkat = models.CharField(max_length=20, null=True, blank=True)
    tanggal_acuan = models.DateField()
    sasaran = models.CharField(max_length=10, help_text="orang or keluarga")
    layak = models.PositiveIntegerField(help_text="Eligible units")
    sudah_terdaftar = models.PositiveIntegerField(help_text="Eligible units already enrolled")
    dipilih = models.PositiveIntegerField()
    dipilih_lanjut = models.PositiveIntegerField(help_text="Chosen units already enrolled")
    dipilih_baru = models.PositiveIntegerField(help_text="Chosen units not yet enrolled")
    tersisih = models.PositiveIntegerField(help_text="Eligible units left out")
    orang = models.PositiveIntegerField(help_text="People in the chosen units")
    biaya = models.BigIntegerField(help_text="What the chosen units take (rupiah or units)")
    manfaat_per_tahun = models.BigIntegerField(null=True, blank=True)
    sisa = models.BigIntegerField(help_text="Budget left unspent")
    berikutnya = models.JSONField(null=True, blank=True, help_text="The first unit left out")
    tambahan = models.JSONField(null=True, blank=True, help_text="What more budget would buy")
    banding = models.JSONField(default=list, blank=True, help_text="Totals under other budgets")
    # {kode_kabkota: {layak, dipilih, biaya, kuota, sisa_kuota, kuota_tak_terpakai, ...}}
    per_kabkota = models.JSONField(default=dict)
    diusulkan = models.PositiveIntegerField(default=0, help_text="Enrolments proposed")
    dihitung_pada = models.DateTimeField()
    dihitung_oleh = models.CharField(max_length=150)

    class Meta:
        verbose_name = "alokasi anggaran"
        verbose_name_plural = "alokasi anggaran"
        indexes = [models.Index(fields=["program", "-dihitung_pada"], name="alokasi_terbaru")]

    def __str__(self) -> str:
        return f"{self.program_id} {angka(self.anggaran)} {self.satuan}: {self.dipilih} dipilih"


class KetepatanSasaran(models.Model):
    """Targeting accuracy of one programme's current enrolment against the ranking and
    the rules (``datusoban ketepatan``): inclusion and exclusion error, as counted."""

    program = models.ForeignKey(
        "reference.Program", on_delete=models.PROTECT, related_name="ketepatan"
    )
    versi_aturan = models.CharField(max_length=20)
    versi_peringkat = models.CharField(max_length=20, null=True, blank=True)
    tanggal_acuan = models.DateField()
    sasaran = models.CharField(max_length=10)
    batas_desil = models.PositiveSmallIntegerField(null=True, blank=True)
    # {terdaftar, di_atas_batas, desil_tidak_diketahui, layak, layak_tidak_terdaftar,
    #  terdaftar_tidak_layak, galat_inklusi, galat_eksklusi}
    provinsi = models.JSONField(default=dict)
    per_kabkota = models.JSONField(default=dict)
    dihitung_pada = models.DateTimeField()
    dihitung_oleh = models.CharField(max_length=150)

    class Meta:
        verbose_name = "ketepatan sasaran"
        verbose_name_plural = "ketepatan sasaran"
        indexes = [models.Index(fields=["program", "-dihitung_pada"], name="ketepatan_terbaru")]

    def __str__(self) -> str:
        return f"{self.program_id} {self.tanggal_acuan}"
