"""Labels of the case, grievance and disaster codes as data/*.toml of the cases app names them."""

from __future__ import annotations

from django import template

from datusoban.kasus import policy

register = template.Library()


@register.filter
def status_kasus(kode: str) -> str:
    return policy.status_label(kode)


@register.filter
def urgensi(kode: str) -> str:
    return dict(policy.urgency_choices()).get(kode, kode)


@register.filter
def label_sanggahan(kode: str, section: str) -> str:
    """``{{ s.kategori|label_sanggahan:"kategori" }}``: a grievance code's label."""
    entry = policy.grievance_rules()[section].get(kode, kode)
    return entry["label"] if isinstance(entry, dict) else entry


@register.filter
def label_bencana(kode: str, section: str) -> str:
    entry = policy.disaster_rules()[section].get(kode, kode)
    return entry["label"] if isinstance(entry, dict) else entry
