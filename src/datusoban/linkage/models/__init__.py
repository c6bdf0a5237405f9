"""Linkage inside the registry: runs, the review queue and the decision log."""

from datusoban.linkage.models.decision import Decision
from datusoban.linkage.models.review import ReviewPair
from datusoban.linkage.models.run import LinkRun

__all__ = ["Decision", "LinkRun", "ReviewPair"]
