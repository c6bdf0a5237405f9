"""Linkage inside the registry: runs, the review queue and the decision log."""

from datusoban.penautan.models.decision import Decision
from datusoban.penautan.models.review import ReviewPair
from datusoban.penautan.models.run import LinkRun

__all__ = ["Decision", "LinkRun", "ReviewPair"]
