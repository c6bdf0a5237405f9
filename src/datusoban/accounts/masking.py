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


# A name shown to the public keeps this many letters of each word (docs/DOMAIN.md, "Public
# status check"): enough for a citizen to recognise a name they know, not to learn one.
PUBLIC_LETTERS = 2


def mask_name_public(nama: str) -> str:
    """A name as the public status check shows it: each word's first two letters, the
    rest of it asterisks, in capitals ("Siti Marlina" -> "SI** MA*****")."""
    return " ".join(
        word[:PUBLIC_LETTERS] + "*" * max(len(word) - PUBLIC_LETTERS, 0)
        for word in nama.upper().split()
    )
