"""Forms of the delivery network's pages: admitting a registry person, ending a service,
recording a service received. Field names follow the services' parameters, so that a
refusal (``RefusedError.field``) is shown next to the input it is about."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone

from datusoban.services.models import KlienLembaga
from datusoban.services.policy import atensi_components

_DATE = forms.DateInput(attrs={"type": "date"})
_PICK = "Pilih orang dari hasil pencarian."


def atensi_choices() -> list[tuple[str, str]]:
    return [(c, c.replace("_", " ").capitalize()) for c in atensi_components()]


def search_conditions(text: str) -> dict[str, str] | None:
    """A typed NIK (16 digits) or name as ``registry.search`` conditions; None: too short."""
    text = text.strip()
    if re.fullmatch(r"\d{16}", text):
        return {"nik": text}
    if len(text) >= 3 and not text.isdigit():
        return {"nama": text}
    return None


class PersonSearchForm(forms.Form):
    cari = forms.CharField(
        label="Cari orang (NIK atau nama)", max_length=120, required=False,
        help_text="NIK 16 angka, atau nama lengkap (ejaan lain dan gelar tidak mengapa).",
    )  # fmt: skip


class ClientAdmitForm(forms.Form):
    person = forms.IntegerField(
        label="Orang", widget=forms.HiddenInput, error_messages={"required": _PICK}
    )
    kebutuhan = forms.ChoiceField(label="Kebutuhan (komponen ATENSI)", choices=atensi_choices)
    mulai = forms.DateField(label="Tanggal mulai", initial=timezone.localdate, widget=_DATE)


class ResidentAdmitForm(forms.Form):
    person = forms.IntegerField(
        label="Orang", widget=forms.HiddenInput, error_messages={"required": _PICK}
    )
    masuk = forms.DateField(label="Tanggal masuk", initial=timezone.localdate, widget=_DATE)


class ClientEndForm(forms.Form):
    selesai = forms.DateField(label="Tanggal selesai", initial=timezone.localdate, widget=_DATE)
    alasan = forms.ChoiceField(label="Alasan", choices=KlienLembaga.AlasanSelesai.choices)


class ResidentServiceForm(forms.Form):
    komponen = forms.ChoiceField(label="Layanan (komponen ATENSI)", choices=atensi_choices)
    tanggal = forms.DateField(label="Tanggal", initial=timezone.localdate, widget=_DATE)
    keterangan = forms.CharField(
        label="Keterangan", max_length=200, required=False,
        help_text="Mis. jenis pelatihan keterampilan: menjahit, las, tata boga.",
    )  # fmt: skip
