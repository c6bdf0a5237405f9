"""The public forms: what a citizen types, checked with a message beside each field."""

from __future__ import annotations

from django import forms

from datusoban.refusal import RefusedError
from datusoban.usulpublik import intake, phone

# The honeypot: a field people never see (hidden by the stylesheet, skipped by screen
# readers and the keyboard); a form that fills it was filled by a program.
HONEYPOT = "situs_web"


class _Public(forms.Form):
    nama_pengusul = forms.CharField(label="Nama Anda", max_length=120)
    telepon = forms.CharField(
        label="Nomor HP Anda", max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )  # fmt: skip
    foto = forms.FileField(
        label="Foto (tidak wajib; JPG atau PNG, paling besar 5 MiB)", required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )  # fmt: skip
    situs_web = forms.CharField(label="Kosongkan kolom ini", required=False, max_length=200)

    def clean_telepon(self) -> str:
        try:
            return phone.mobile(self.cleaned_data["telepon"])
        except RefusedError as refused:
            raise forms.ValidationError(refused.pesan) from None

    def filled_by_program(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def proposer(self) -> intake.Proposer:
        return intake.Proposer(
            self.cleaned_data["nama_pengusul"].strip(), self.cleaned_data["telepon"]
        )


class UsulForm(_Public):
    nama = forms.CharField(label="Nama orang yang diusulkan", max_length=120)
    alamat = forms.CharField(
        label="Alamat atau petunjuk letak rumahnya", max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    alasan = forms.CharField(
        label="Mengapa ia perlu dibantu", max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )

    field_order = ("nama", "alamat", "alasan", "foto", "nama_pengusul", "telepon", "situs_web")


class SanggahForm(_Public):
    alasan = forms.ChoiceField(
        label="Alasan sanggahan",
        choices=[("", "— pilih alasan —")] + [(k, v[0]) for k, v in intake.ALASAN_SANGGAH.items()],
    )
    program = forms.ChoiceField(label="Program yang disanggah", required=False)
    uraian = forms.CharField(
        label="Keterangan", max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip

    field_order = ("alasan", "program", "uraian", "foto", "nama_pengusul", "telepon", "situs_web")

    def __init__(self, *args, programs: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [("", "— semua / tidak tahu —"), *programs]


class LacakForm(forms.Form):
    kode = forms.CharField(label="Kode tanda terima", max_length=20)
