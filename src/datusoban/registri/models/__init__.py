"""The registry: households, people, their memberships and the source rows behind them."""

from datusoban.registri.models.household import Household
from datusoban.registri.models.person import Membership, Person, PersonPPKS
from datusoban.registri.models.provenance import ImportBatch, Source, SourceRecord
from datusoban.registri.models.summary import KabKotaSummary

__all__ = [
    "Household",
    "ImportBatch",
    "KabKotaSummary",
    "Membership",
    "Person",
    "PersonPPKS",
    "Source",
    "SourceRecord",
]
