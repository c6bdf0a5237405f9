"""The purpose an export of personal data must state: one of the listed purposes, and
the user's own words when the purpose is "other" (accounts/data/tujuan_ekspor.toml)."""

from __future__ import annotations

from django import forms

from datusoban.accounts.purposes import OTHER, purpose_text, purposes

# The audit row keeps at most 200 characters of purpose: the longest label leaves room.
NOTE_LENGTH = 120


class PurposeForm(forms.Form):
    tujuan = forms.ChoiceField(
        label="Tujuan ekspor",
        error_messages={"required": "Pilih tujuan ekspor: data pribadi hanya diekspor untuk "
                                    "tujuan yang dinyatakan (UU 27/2022)."},
    )  # fmt: skip
    keterangan = forms.CharField(
        label="Keterangan (nomor surat, nama kegiatan)",
        required=False,
        max_length=NOTE_LENGTH,
    )

    def __init__(self, *args, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["tujuan"].choices = [("", "— pilih tujuan —"), *purposes(kind).items()]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("tujuan") == OTHER and not data.get("keterangan", "").strip():
            self.add_error("keterangan", "Tuliskan tujuan ekspor bila memilih “Lainnya”.")
        return data

    def purpose(self) -> str:
        """The purpose as the audit trail records it (call after is_valid())."""
        return purpose_text(self.kind, self.cleaned_data["tujuan"], self.cleaned_data["keterangan"])
