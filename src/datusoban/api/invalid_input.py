"""A request that does not match the API document, told in Bahasa Indonesia.

django-ninja reports such a request as pydantic's errors (English, one per
field). Each is turned here into where it is and what is wrong, keyed by
pydantic's stable error type; a type not listed still gets a plain message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

INVALID_INPUT = "masukan_tidak_sah"

# Where a part of the request comes from, as django-ninja names it.
_SOURCES = {
    "body": "isi",
    "query": "parameter",
    "path": "alamat",
    "form": "formulir",
    "file": "berkas",
    "header": "header",
    "cookie": "cookie",
}

_TEXT = "harus berupa teks"
_INTEGER = "harus bilangan bulat"
_NUMBER = "harus berupa angka"
_BOOLEAN = "harus true atau false"
_DATE = "harus tanggal berformat TTTT-BB-HH"
_DATETIME = "harus waktu berformat ISO 8601 (TTTT-BB-HHTjj:mm:dd)"
_OBJECT = "harus berupa objek JSON"

# pydantic's error type -> the message, with its context values ({max_length}, ...).
_MESSAGES = {
    "missing": "wajib diisi",
    "diulang": "hanya boleh diberikan sekali",
    "string_type": _TEXT,
    "string_sub_type": _TEXT,
    "string_unicode": "harus teks Unicode yang sah",
    "string_too_short": "paling sedikit {min_length} karakter",
    "string_too_long": "paling banyak {max_length} karakter",
    "string_pattern_mismatch": "tidak sesuai pola {pattern}",
    "int_type": _INTEGER,
    "int_parsing": _INTEGER,
    "int_parsing_size": "bilangan terlalu besar",
    "int_from_float": "harus bilangan bulat, bukan pecahan",
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "decimal_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "finite_number": "harus angka terhingga",
    "bool_type": _BOOLEAN,
    "bool_parsing": _BOOLEAN,
    "greater_than": "harus lebih dari {gt}",
    "greater_than_equal": "paling kecil {ge}",
    "less_than": "harus kurang dari {lt}",
    "less_than_equal": "paling besar {le}",
    "multiple_of": "harus kelipatan {multiple_of}",
    "literal_error": "harus salah satu dari {expected}",
    "enum": "harus salah satu dari {expected}",
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": "harus tanggal tanpa jam",
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "list_type": "harus berupa daftar (array)",
    "tuple_type": "harus berupa daftar (array)",
    "set_type": "harus berupa daftar (array)",
    "too_short": "paling sedikit {min_length} butir",
    "too_long": "paling banyak {max_length} butir",
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "json_invalid": "bukan JSON yang sah",
    "json_type": "harus teks JSON",
    "extra_forbidden": "tidak dikenal",
    "none_required": "harus kosong (null)",
    "bytes_type": "harus berupa berkas",
    "value_error": "nilai tidak sah",
}


def described(errors: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The 422 answer (``InvalidInputOut``) for django-ninja's validation errors."""
    details = [_detail(error) for error in errors]
    if not details:
        message = "Permintaan tidak sesuai dengan dokumen API."
    else:
        first = details[0]
        message = f"Permintaan tidak sah: {_where(first['lokasi'])} {first['pesan']}."
        if len(details) > 1:
            message += f" Ada {len(details) - 1} kesalahan lain (lihat rincian)."
    return {"kode": INVALID_INPUT, "pesan": message, "rincian": details}


def _detail(error: Mapping[str, Any]) -> dict[str, Any]:
    kind = str(error.get("type", ""))
    context = {
        key: _shown(value) for key, value in (error.get("ctx") or {}).items() if key != "error"
    }
    try:
        text = _MESSAGES.get(kind, "nilai tidak sah").format(**context)
    except (KeyError, IndexError, ValueError):
        # A context value missing from this pydantic version: say what is wrong, plainly.
        text = "nilai tidak sah"
    location = [part if isinstance(part, int) else str(part) for part in error.get("loc", ())]
    return {"lokasi": location, "pesan": text, "jenis": kind}


def _shown(value: Any) -> str:
    # pydantic joins the choices of a Literal with an English "or".
    return str(value).replace(" or ", " atau ")


def _where(location: Sequence[str | int]) -> str:
    if not location:
        return "permintaan"
    source, *path = location
    label = _SOURCES.get(str(source), str(source))
    return f"{label} '{'.'.join(str(part) for part in path)}'" if path else label
