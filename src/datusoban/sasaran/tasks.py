"""Background jobs of targeting: judging every programme over the whole registry and
measuring accuracy take minutes at full scale, so a page queues them for
`datusoban worker` (the same Django tasks as the imports) instead of running them
inside a web request."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from datusoban.sasaran.accuracy_services import run_accuracy
from datusoban.sasaran.eligibility_services import run_eligibility


@task()
def reassess(as_of: str, user: str) -> dict:
    """Every programme judged and its accuracy measured on ``as_of`` (ISO date); the
    stored runs' ids."""
    day = date.fromisoformat(as_of)
    judged = run_eligibility(["SEMUA"], day, user=user)
    measured = run_accuracy(["SEMUA"], day, user=user)
    return {"penilaian": [run.pk for run, _ in judged], "ketepatan": [r.pk for r in measured]}
