"""The registry: households, people, their memberships and the source rows behind them."""

from datusoban.registry.models.household import Household
from datusoban.registry.models.person import Membership, Person, PersonPPKS
from datusoban.registry.models.provenance import ImportBatch, Source, SourceRecord
from datusoban.registry.models.summary import KabKotaSummary

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
