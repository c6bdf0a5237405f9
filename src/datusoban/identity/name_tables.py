"""The data behind name normalisation: every spelling, title and degree in one place.

All entries are uppercase ASCII without dots or spaces ("S.Pd." is "SPD").
Entries may be written in old spelling; names.py modernises them the same way
it modernises names, so "HADJI" and "HAJI" need only one entry.
"""

from __future__ import annotations

from typing import NamedTuple


class Title(NamedTuple):
    """How an honorific is recognised and what it is recorded as."""

    canonical: str
    # False: only in the run of titles before the name ("Rd. Budi", not "Budi Rd").
    anywhere: bool = True
    # True: only when written with a dot ("H. Budi" is Haji Budi; "H Budi" may be an initial).
    needs_dot: bool = False


TITLES: dict[str, Title] = {
    # Haji / hajjah: the most common honorific in Kalimantan Selatan.
    "H": Title("H", anywhere=False, needs_dot=True),
    "HAJI": Title("H"),
    "HJ": Title("HJ"),
    "HAJAH": Title("HJ"),
    "HAJJAH": Title("HJ"),
    # Banjar nobility.
    "GUSTI": Title("GUSTI"),
    "GT": Title("GUSTI", anywhere=False),
    "ANTUNG": Title("ANTUNG"),
    "ANDIN": Title("ANDIN"),
    # Javanese nobility.
    "RADEN": Title("RADEN"),
    "RD": Title("RADEN", anywhere=False),
    "R": Title("RADEN", anywhere=False, needs_dot=True),
    # Religious teachers.
    "KH": Title("KH"),
    "UST": Title("UST"),
    "USTAD": Title("UST"),
    "USTADZ": Title("UST"),
    "USTAZ": Title("UST"),
    "USTADZAH": Title("USTADZAH"),
    "USTAZAH": Title("USTADZAH"),
    # Academic and professional prefixes.
    "DRS": Title("DRS"),
    "DRA": Title("DRA"),
    "DR": Title("DR"),
    "DRG": Title("DRG"),
    "IR": Title("IR"),
    "PROF": Title("PROF"),
    # "Almarhum(ah)", the late: common before a deceased father's name.
    "ALM": Title("ALM"),
    "ALMH": Title("ALM"),
    "ALMARHUM": Title("ALM"),
    "ALMARHUMAH": Title("ALM"),
    # Forms of address that old registers put before the name.
    "NY": Title("NY", anywhere=False),
    "TN": Title("TN", anywhere=False),
    "SDR": Title("SDR", anywhere=False),
    "SDRI": Title("SDR", anywhere=False),
}

# Academic degrees, recognised after the first name token (they trail the
# name: "Budi Santoso, S.Pd., M.Si"), written with or without dots and spaces.
# Never at the start, so "M.H. Thamrin" keeps his initials.
DEGREES: frozenset[str] = frozenset(
    {
        # Diploma (ahli madya).
        "AMD", "AMDKEB", "AMDKEP", "AMDKES", "AMDFARM", "AMDGZ", "AMDAK", "AMDKOM",
        "AMDPAR", "AMK", "AMKEB", "AMKEP", "AMAPD",
        # Sarjana.
        "SAG", "SE", "SEI", "SFARM", "SGZ", "SH", "SHI", "SHUT", "SIKOM", "SIP", "SKED",
        "SKEB", "SKEP", "SKG", "SKM", "SKOM", "SP", "SPD", "SPDI", "SPDSD", "SPSI", "SPT",
        "SSI", "SSOS", "SSOSI", "SST", "SSTP", "SSTR", "ST", "STH", "STP", "STR", "SAP",
        "SFIL", "SHUM", "SN", "SKEPNS",
        # Magister and doctor.
        "MA", "MAG", "MAP", "MBA", "ME", "MH", "MHI", "MHUM", "MIP", "MKES", "MKM",
        "MKOM", "MM", "MPD", "MPDI", "MPH", "MS", "MSC", "MSI", "MSOS", "MT", "PHD",
        # Professional and foreign.
        "APT", "NS", "LC", "BSC", "BA", "SPOG", "SPA", "SPPD", "SPB",
    }
)  # fmt: skip

# bin / binti and their abbreviations: what follows is the father's name.
# "B" counts only when written "B." (bare "B" is more often an initial).
FATHER_MARKERS: frozenset[str] = frozenset({"BIN", "BINTI", "BT", "BTE", "BINTE"})
WEAK_FATHER_MARKERS: frozenset[str] = frozenset({"B"})

# Canonical spelling of whole tokens: canonical <- variants. The commonest
# Muslim name elements, written a dozen ways; one canonical form lets the
# matcher compare like with like. Old-spelling forms (MOCHAMAD, ABDOEL) may be
# listed; they are modernised before the lookup is built.
CANONICAL_SPELLINGS: dict[str, tuple[str, ...]] = {
    "MUHAMMAD": (
        "MUHAMAD", "MUHAMMED", "MUHAMED", "MOHAMMAD", "MOHAMAD", "MOHAMMED", "MOHAMED",
        "MOCHAMMAD", "MOCHAMAD", "MUCHAMMAD", "MUCHAMAD", "MOCH", "MOH", "MUH", "MHD",
        "MUHD", "MOHD", "MUHAMMAD",
    ),
    "ABDUL": ("ABD", "ABDOEL", "ABDUL"),
    "NUR": ("NOOR", "NOR", "NOER", "NUUR", "NUR"),
    "AHMAD": ("ACHMAD", "AHMED", "AHMAT", "ACHMAT", "AHMAD"),
    "SITI": ("SITTI", "SITY", "SITI"),
    "FATIMAH": ("FATIMA", "FATHIMAH", "FATHIMA", "FATIMAH"),
    "YUSUF": ("JUSUF", "YUSUP", "YUSOF", "JOESOEF", "YUSUF"),
    "ABDULLAH": ("ABDULAH", "ABDOELLAH", "ABDULLAH"),
}  # fmt: skip

# Abbreviations that mean a name only in first position: "M. Rizki" is
# Muhammad Rizki, "St. Aminah" is Siti Aminah, but in "Budi M." the M is an
# initial and in "Budi, S.T." the ST is a degree.
FIRST_TOKEN_EXPANSIONS: dict[str, str] = {"M": "MUHAMMAD", "ST": "SITI"}

# Prefixes split off when glued to the next name (NURHAYATI -> NUR HAYATI),
# variant -> canonical, longest first. Only full spellings: abbreviations
# such as MOH or ABD would split ordinary names (MOHAN). NURUL is listed so
# NURULHUDA splits as NURUL HUDA, not NUR ULHUDA.
JOINED_PREFIXES: tuple[tuple[str, str], ...] = (
    ("MOCHAMMAD", "MUHAMMAD"),
    ("MUHAMMAD", "MUHAMMAD"),
    ("MOHAMMAD", "MUHAMMAD"),
    ("MOCHAMAD", "MUHAMMAD"),
    ("MUHAMAD", "MUHAMMAD"),
    ("MOHAMAD", "MUHAMMAD"),
    ("ABDUL", "ABDUL"),
    ("NURUL", "NURUL"),
    ("SITI", "SITI"),
    ("NOOR", "NUR"),
    ("NOER", "NUR"),
    ("NUR", "NUR"),
    ("NOR", "NUR"),
)
# What must be left after the prefix for a split: shorter rests are endings
# of one name (NURUL, NORMA), not a second name.
JOINED_MIN_REST = 3
# Whole names that merely start with a prefix: ABDULLAH is one name, not ABDUL LAH.
JOINED_EXCEPTIONS: frozenset[str] = frozenset({"ABDULLAH", "ABDULLAHI", "ABDULAH"})

# Very common tokens that say little about who someone is (docs/DOMAIN.md "Names").
COMMON_TOKENS: frozenset[str] = frozenset(
    {"MUHAMMAD", "SITI", "NUR", "NURUL", "AHMAD", "ABDUL", "SRI"}
)
