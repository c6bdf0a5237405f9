"""Stored targeting runs over the page tests' small registry (people.py): an eligibility
and an accuracy run of PKH and Permakanan, rows for Kota Banjarmasin and Kota
Banjarbaru; an allocation run of Kota Banjarbaru alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from datusoban.sasaran.accuracy_services import run_accuracy
from datusoban.sasaran.allocation_services import compute_allocation, store_allocation
from datusoban.sasaran.eligibility_services import run_eligibility
from datusoban.sasaran.models import AlokasiAnggaran


@dataclass(frozen=True)
class Runs:
    outside: AlokasiAnggaran  # an allocation over Kota Banjarbaru's units


def make_runs() -> Runs:
    run_eligibility(["PKH", "PERMAKANAN"], date.today(), user="uji")
    run_accuracy(["PKH"], date.today(), user="uji")
    result = compute_allocation("PKH", as_of=date.today(), jumlah=1, kabkota="63.72")
    return Runs(store_allocation(result, user="uji"))
