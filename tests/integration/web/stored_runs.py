"""Stored targeting runs over the page tests' small registry (people.py): an eligibility
and an accuracy run of PKH, rows for Kota Banjarmasin and Kota Banjarbaru."""

from __future__ import annotations

from datetime import date

from datusoban.targeting.accuracy_services import run_accuracy
from datusoban.targeting.eligibility_services import run_eligibility


def make_runs() -> None:
    run_eligibility(["PKH", "PERMAKANAN"], date.today(), user="uji")
    run_accuracy(["PKH"], date.today(), user="uji")
