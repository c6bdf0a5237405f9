"""Identity: NIK, No KK, dates and names, in pure Python.

The innermost layer: only the standard library and python-stdnum, no Django,
no database, so it is tested in milliseconds (an import-linter contract
holds this).
"""

from datusoban.identity.dates import is_placeholder_birth_date, parse_date
from datusoban.identity.errors import IdentityError
from datusoban.identity.kk import KK, is_valid_kk, make_kk, parse_kk
from datusoban.identity.names import (
    COMMON_TOKENS,
    NormalName,
    given_name,
    name_key,
    normalise_name,
)
from datusoban.identity.nik import NIK, is_valid_nik, make_nik, parse_nik

__all__ = [
    "COMMON_TOKENS",
    "KK",
    "NIK",
    "IdentityError",
    "NormalName",
    "given_name",
    "is_placeholder_birth_date",
    "is_valid_kk",
    "is_valid_nik",
    "make_kk",
    "make_nik",
    "name_key",
    "normalise_name",
    "parse_date",
    "parse_kk",
    "parse_nik",
]
