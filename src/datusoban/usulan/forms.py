"""Forms of the proposal pages (usulan)."""

from __future__ import annotations

import copy

from django import forms
from django.urls import reverse
from django.utils import timezone

from datusoban.kasus.forms import desa_choices, kecamatan_choices
from datusoban.reference import vocab
from datusoban.usulan import policy
from datusoban.usulan.person_data import FIELDS
from datusoban.web.labels import regions_within

_DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
_DIGITS = {"inputmode": "numeric", "autocomplete": "off"}


def _region_fields(form: forms.Form, wilayah: str, required: bool = True) -> None:
    form.fields["kecamatan"].choices = kecamatan_choices(wilayah)
    form.fields["kecamatan"].widget.attrs.update(
        {
            "hx-get": reverse("web:kasus_desa"),
            "hx-target": "#id_kode_wilayah",
            "hx-trigger": "change",
        }
    )
    kecamatan = form.data.get("kecamatan") if form.is_bound else form.initial.get("kecamatan")
    form.fields["kode_wilayah"].choices = (
        desa_choices(kecamatan) if kecamatan else [("", "— pilih kecamatan dahulu —")]
    )


class ProposalForm(forms.Form):
    """A proposal: its kind, reason and note; and for someone new (or an update) the data
    SIKS-NG needs, checked by the import's rules when saved."""

    jenis = forms.ChoiceField(label="Jenis usulan", choices=lambda: policy.choices("jenis"))
    alasan_hapus = forms.ChoiceField(label="Alasan hapus (untuk usulan hapus)", required=False)
    musyawarah = forms.TypedChoiceField(
        label="Musyawarah desa (bila disepakati di sana)", coerce=int, required=False,
        empty_value=None,
    )  # fmt: skip
    nama = forms.CharField(label="Nama sesuai KTP/KK", max_length=150, required=False)
    nik = forms.CharField(label="NIK", max_length=24, required=False,
                          widget=forms.TextInput(attrs=_DIGITS))  # fmt: skip
    no_kk = forms.CharField(label="No. KK", max_length=24, required=False,
                            widget=forms.TextInput(attrs=_DIGITS))  # fmt: skip
    jenis_kelamin = forms.ChoiceField(
        label="Jenis kelamin", required=False, choices=[("", "—"), *vocab.JENIS_KELAMIN]
    )
    tempat_lahir = forms.CharField(label="Tempat lahir", max_length=60, required=False)
    tanggal_lahir = forms.DateField(label="Tanggal lahir", required=False, **_DATE)
    nama_ibu_kandung = forms.CharField(label="Nama ibu kandung", max_length=150, required=False)
    hubungan_keluarga = forms.ChoiceField(
        label="Hubungan dalam keluarga", required=False,
        choices=[("", "—"), *vocab.HUBUNGAN_KELUARGA],
    )  # fmt: skip
    alamat = forms.CharField(label="Alamat", max_length=200, required=False)
    rt = forms.CharField(label="RT", max_length=3, required=False)
    rw = forms.CharField(label="RW", max_length=3, required=False)
    kecamatan = forms.ChoiceField(label="Kecamatan", required=False)
    kode_wilayah = forms.ChoiceField(label="Desa/kelurahan", required=False)
    keterangan = forms.CharField(
        label="Keterangan", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    diusulkan_pada = forms.DateField(
        label="Tanggal usulan", initial=timezone.localdate, required=False, **_DATE
    )

    # The fields each subject may change: a household its card and address, a person all.
    HOUSEHOLD = ("no_kk", "alamat", "rt", "rw")

    def __init__(self, *args, wilayah: str, subject: str, deliberations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.subject = subject  # "baru", "orang" or "keluarga"
        self.fields["alasan_hapus"].choices = [("", "—"), *policy.choices("alasan_hapus")]
        self.fields["musyawarah"].choices = [("", "— tanpa musyawarah desa —")] + [
            (m.pk, f"{m.desa.nama}, {m.tanggal:%d-%m-%Y}") for m in deliberations
        ]
        if subject == "baru":
            self.fields["jenis"].choices = [("baru", policy.label("jenis", "baru"))]
            _region_fields(self, wilayah)
        else:
            self.fields["jenis"].choices = [c for c in policy.choices("jenis") if c[0] != "baru"]
            del self.fields["kecamatan"], self.fields["kode_wilayah"]
            if subject == "keluarga":
                for name in FIELDS:
                    if name in self.fields and name not in self.HOUSEHOLD:
                        del self.fields[name]

    def data_values(self) -> dict[str, str]:
        """The SIKS-NG data typed (call after is_valid()): only the fields filled in."""
        values = {}
        for name in FIELDS:
            value = self.cleaned_data.get(name)
            if value:
                values[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return values


class VerifyForm(forms.Form):
    hasil_kunjungan = forms.ChoiceField(
        label="Hasil kunjungan rumah", choices=lambda: policy.choices("hasil_kunjungan")
    )
    dikunjungi_oleh = forms.CharField(label="Petugas yang berkunjung", max_length=150)
    dikunjungi_pada = forms.DateField(label="Tanggal kunjungan", **_DATE)
    catatan = forms.CharField(
        label="Catatan verifikasi", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RefuseForm(forms.Form):
    alasan = forms.CharField(label="Alasan penolakan", widget=forms.Textarea(attrs={"rows": 2}))


class FinishForm(forms.Form):
    catatan = forms.CharField(
        label="Catatan tindak lanjut", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeliberationForm(forms.Form):
    kecamatan = forms.ChoiceField(label="Kecamatan")
    kode_wilayah = forms.ChoiceField(label="Desa/kelurahan")
    tanggal = forms.DateField(label="Tanggal musyawarah", **_DATE)
    jumlah_peserta = forms.IntegerField(label="Jumlah peserta", min_value=1, max_value=10_000)
    notulen = forms.CharField(
        label="Notulen (ringkasan)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    berkas = forms.FileField(
        label="Berkas notulen (opsional; PDF, JPG atau PNG)", required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )  # fmt: skip
    daftar = forms.CharField(
        label="Keluarga yang diusulkan, satu per baris",
        help_text="No. KK; jenis (perubahan, hapus, desil); keterangan. Untuk hapus: "
        "No. KK; hapus; alasan (meninggal, pindah, mampu, ganda); keterangan.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, wilayah: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _region_fields(self, wilayah)


class SendForm(forms.Form):
    kabkota = forms.ChoiceField(label="Kabupaten/kota")
    periode = forms.RegexField(
        label="Periode verifikasi (bulan)", regex=r"^\d{4}-\d{2}$",
        widget=forms.DateInput(attrs={"type": "month"}),
        error_messages={"invalid": "Periode ditulis TTTT-BB, misalnya 2026-11."},
    )  # fmt: skip

    def __init__(self, *args, wilayah: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kabkota"].choices = regions_within(wilayah, "kabkota")


class AnswerForm(forms.Form):
    berkas = forms.FileField(label="Berkas jawaban (CSV atau XLSX)")


class CompleteForm(forms.Form):
    """A citizen's proposal completed at the home visit: the person's data for SIKS-NG (the
    new-proposal form's fields; the desa is the proposal's own)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in FIELDS:
            if name != "kode_wilayah":
                self.fields[name] = copy.deepcopy(ProposalForm.base_fields[name])

    data_values = ProposalForm.data_values
