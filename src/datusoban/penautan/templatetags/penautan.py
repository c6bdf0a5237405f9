"""Template filters for the review pages and links to them: who may read or decide the
review queue, by the same rules as the pages and the API (linkage.review_access)."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

from datusoban.penautan import review_access

register = template.Library()


@register.filter
def may_decide(user) -> bool:
    """Whether ``user`` may accept, reject, merge and split."""
    return review_access.may_decide(user)


@register.filter
def persen(probability: float | None) -> str:
    """A probability as a percentage with one decimal, written as the locale writes it."""
    if probability is None:
        return "—"
    return f"{number_format(100 * probability, 1)}%"
