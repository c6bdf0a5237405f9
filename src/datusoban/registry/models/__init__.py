"""The registry: households, people, their memberships and the source rows behind them."""

from datusoban.registry.models.household import Household
from datusoban.registry.models.person import Membership, Person, PersonPPKS
from datusoban.registry.models.provenance import ImportBatch, Source, SourceRecord

__all__ = [
    "Household",
    "ImportBatch",
    "Membership",
    "Person",
    "PersonPPKS",
    "Source",
    "SourceRecord",
]
