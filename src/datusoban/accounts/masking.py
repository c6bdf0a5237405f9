"""What a role sees of identifiers and health data (policy in data/roles.toml)."""

from __future__ import annotations

from datusoban.accounts.roles import Role

# Person fields that only roles with data_kesehatan may see.
HEALTH_FIELDS = ("disabilitas", "disabilitas_berat", "penyakit_kronis", "hamil")
HIDDEN = "•"


def mask_identifier(value: str | None) -> str | None:
    """A NIK or No KK with its serial part hidden: the region (first 6 digits)
    and the last 2 stay, enough to tell records apart on a screen."""
    if not value:
        return value
    if len(value) <= 8:
        return HIDDEN * len(value)
    return value[:6] + HIDDEN * (len(value) - 8) + value[-2:]


def identifier_for(role: Role, value: str | None) -> str | None:
    return value if role.nik_penuh else mask_identifier(value)


def hidden_fields(role: Role) -> frozenset[str]:
    """Person fields this role must not be shown."""
    return frozenset() if role.data_kesehatan else frozenset(HEALTH_FIELDS)
