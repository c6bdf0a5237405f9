"""A search request's criteria (``search_criteria``) as the registry search's conditions.

The specification leaves the vocabulary of identifier types and attributes to each
registry ("defined as per implementation context"); this module is that vocabulary for
Datu Soban. A criterion outside it is refused with the specification's reason code and a
message naming what is supported, never ignored: a search that quietly dropped a
condition would disclose more people than were asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from datusoban.dci import uji
from datusoban.registri.search import has_condition

# Identifier types (``idtype-value``), case folded. The specification's own examples name a
# national ID "UIN" (queries) and "NationalID" (records); the NIK is Indonesia's. The No KK
# numbers the family card: the household, a group in the specification's words.
NIK_TYPES = {"uin", "nationalid", "national_id", "nid", "nik"}
KK_TYPES = {"householdid", "household_id", "groupid", "group_id", "familycard", "kk", "no_kk"}
# How records name them.
NIK_TYPE = "NationalID"
KK_TYPE = "HouseholdID"

GROUP = "Group"
PERSON = "SRPerson"
GROUP_NAMES = {"group", "spdci:group", "household"}

AGE = (0, 130)
GROUP_SIZE = (1, 50)
REGION = re.compile(r"^63(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
SEXES = {"male": "L", "m": "L", "l": "L", "female": "P", "f": "P", "p": "P"}

# Attribute names an expression or a predicate may use, case folded.
AGE_NAMES = {"age", "umur"}
SIZE_NAMES = {"group_size", "household_size", "anggota"}
SEX_NAMES = {"sex", "gender", "jenis_kelamin"}
REGION_NAMES = {"location", "region", "area-code", "area_code", "kode_wilayah"}
NAME_NAMES = {"name", "nama"}
SUPPORTED = (
    "age, group_size, sex, location (kode wilayah 63…), name, UIN/NationalID (NIK), "
    "HouseholdID (No KK)"
)
# Expression operators (MongoDB style, as in the specification's example) and predicate
# operators, to one vocabulary.
OPERATORS = {
    "$eq": "eq", "$lt": "lt", "$lte": "le", "$le": "le", "$gt": "gt", "$gte": "ge", "$ge": "ge",
    "eq": "eq", "lt": "lt", "le": "le", "gt": "gt", "ge": "ge",
}  # fmt: skip


class CriteriaError(ValueError):
    """A criterion the registry cannot answer: the reason code of the specification
    (SearchStatusReasonCode) and a message in Bahasa Indonesia."""

    def __init__(self, pesan: str, code: str = "rjct.search_criteria.invalid") -> None:
        super().__init__(pesan)
        self.code = code
        self.pesan = pesan


@dataclass(frozen=True)
class Criteria:
    conditions: dict[str, Any]
    record_type: str  # PERSON or GROUP
    page_number: int
    page_size: int


def criteria(search_criteria: dict[str, Any], max_page_size: int) -> Criteria:
    """``search_criteria`` (valid against the specification's schema) as conditions."""
    query_type = search_criteria["query_type"]
    query = search_criteria["query"]
    conditions: dict[str, Any] = {}
    collection = None
    if query_type == "idtype-value":
        _identifier(conditions, query)
    elif query_type == "expression":
        collection = _expression(conditions, query)
    else:
        _predicate(conditions, query)
    if not has_condition(conditions):
        raise CriteriaError("Syarat pencarian kosong: sebutkan paling sedikit satu syarat.")
    if search_criteria.get("sort"):
        raise CriteriaError(
            "Pengurutan belum didukung: hasil diurutkan menurut kecocokan, lalu urutan registri.",
            "rjct.sort.invalid",
        )
    page_number, page_size = pagination(search_criteria.get("pagination"), max_page_size)
    return Criteria(conditions, _record_type(search_criteria, conditions, collection),
                    page_number, page_size)  # fmt: skip


def _record_type(search_criteria: dict, conditions: dict, collection: str | None) -> str:
    asked = search_criteria.get("response_entity") or search_criteria.get("reg_record_type")
    if asked is None:
        asked = collection
    if asked is None:
        # A family card number asks for the family.
        return GROUP if "no_kk" in conditions and "nik" not in conditions else PERSON
    return GROUP if str(asked).lower() in GROUP_NAMES else PERSON


def pagination(asked: dict | None, max_page_size: int) -> tuple[int, int]:
    """(page_number, page_size) of a request's ``pagination``; CriteriaError when it is
    not whole numbers of 1 or more."""
    if asked is None:
        return 1, max_page_size
    number = asked.get("page_number", 1)
    size = asked.get("page_size")
    if not _whole(number) or not _whole(size) or number < 1 or size < 1:
        raise CriteriaError(
            "page_size dan page_number harus bilangan bulat 1 atau lebih (halaman mulai dari 1).",
            "rjct.pagination.invalid",
        )
    # A larger page is answered at most max_page_size long; the answer says the size used.
    return int(number), min(int(size), max_page_size)


def _whole(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == int(value)


def _identifier(conditions: dict, query: Any) -> None:
    if not isinstance(query, dict) or "type" not in query or "value" not in query:
        raise CriteriaError("Query idtype-value perlu 'type' dan 'value'.")
    kind = str(query["type"]).lower()
    value = query["value"]
    tests = uji.identifiers()  # none outside conformance-test mode
    if kind in NIK_TYPES and isinstance(value, str) and value in tests:
        conditions["nik"] = tests[value]
    elif kind in NIK_TYPES:
        conditions["nik"] = _number(value, "NIK")
    elif kind in KK_TYPES:
        conditions["no_kk"] = _number(value, "No KK")
    else:
        raise CriteriaError(
            f"Jenis pengenal '{query['type']}' tidak dikenal; yang didukung: UIN atau "
            "NationalID (NIK), HouseholdID (No KK)."
        )


def _number(value: Any, what: str) -> str:
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if not re.fullmatch(r"\d{16}", text):
        raise CriteriaError(f"{what} harus 16 angka.")
    return text


def _expression(conditions: dict, query: Any) -> str | None:
    """``{"type": …, "value": {"expression": {"collection": …, "query": {"$and": […]}}}}``,
    the specification's example; conditions joined by ``$and`` (or one object of them)."""
    value = query.get("value") if isinstance(query, dict) else None
    expression = value.get("expression") if isinstance(value, dict) else None
    if not isinstance(expression, dict) or not isinstance(expression.get("query"), dict):
        raise CriteriaError(
            'Query expression perlu value.expression.query, mis. {"$and": [{"age": {"$lt": 25}}]}.'
        )
    body = expression["query"]
    if set(body) - {"$and"} and "$and" in body:
        raise CriteriaError("Dalam expression, $and tidak dapat digabung dengan syarat lain.")
    parts = body["$and"] if "$and" in body else [{k: v} for k, v in body.items()]
    if not isinstance(parts, list):
        raise CriteriaError("$and harus berupa daftar syarat.")
    for part in parts:
        if not isinstance(part, dict) or not part:
            raise CriteriaError("Setiap syarat expression berupa {atribut: {operator: nilai}}.")
        for name, test in part.items():
            if name.startswith("$"):
                raise CriteriaError(f"Operator {name} belum didukung; gunakan $and.")
            if not isinstance(test, dict):
                test = {"$eq": test}
            for op, operand in test.items():
                if op not in OPERATORS:
                    raise CriteriaError(
                        f"Operator {op} belum didukung; gunakan $eq, $lt, $lte, $gt, $gte."
                    )
                _condition(conditions, name, OPERATORS[op], operand)
    collection = expression.get("collection")
    return str(collection) if collection else None


def _predicate(conditions: dict, query: Any) -> None:
    """A list of ``{seq_num, expression1, condition, expression2}``: every expression must
    hold (``and``); ``or`` and ``not`` are not supported yet."""
    items = query if isinstance(query, list) else [query]
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("expression1"), dict):
            raise CriteriaError(
                "Query predicate berupa daftar {expression1, condition, expression2}."
            )
        condition = item.get("condition")
        if condition not in (None, "and"):
            raise CriteriaError(f"Kondisi '{condition}' belum didukung; gunakan 'and'.")
        for key in ("expression1", "expression2"):
            expr = item.get(key)
            if expr is None:
                continue
            if not isinstance(expr, dict) or not {"attribute_name", "operator"} <= set(expr):
                raise CriteriaError(f"{key} perlu attribute_name, operator, attribute_value.")
            if expr["operator"] not in OPERATORS:
                raise CriteriaError(
                    f"Operator '{expr['operator']}' belum didukung; gunakan eq, lt, le, gt, ge."
                )
            _condition(conditions, expr["attribute_name"], OPERATORS[expr["operator"]],
                       expr.get("attribute_value"))  # fmt: skip


def _condition(conditions: dict, name: str, op: str, value: Any) -> None:
    attribute = str(name).lower()
    if attribute in AGE_NAMES:
        _bounded(conditions, "umur", op, value, AGE, "age")
    elif attribute in SIZE_NAMES:
        _bounded(conditions, "anggota", op, value, GROUP_SIZE, "group_size")
    elif attribute in SEX_NAMES:
        sex = SEXES.get(str(value).lower()) if op == "eq" else None
        if sex is None:
            raise CriteriaError("sex hanya dengan eq: male/female (atau L/P).")
        conditions["jenis_kelamin"] = sex
    elif attribute in REGION_NAMES:
        if op != "eq" or not isinstance(value, str) or not REGION.match(value):
            raise CriteriaError(
                "location hanya dengan eq dan kode wilayah Kalimantan Selatan, mis. 63.71."
            )
        conditions["kode_wilayah"] = value
    elif attribute in NAME_NAMES:
        if op != "eq" or not isinstance(value, str) or not 3 <= len(value.strip()) <= 200:
            raise CriteriaError("name hanya dengan eq, 3 sampai 200 huruf.")
        conditions["nama"] = value.strip()
    elif attribute in NIK_TYPES or attribute in KK_TYPES:
        if op != "eq":
            raise CriteriaError(f"{name} hanya dengan eq.")
        key = "nik" if attribute in NIK_TYPES else "no_kk"
        conditions[key] = _number(value, "NIK" if key == "nik" else "No KK")
    else:
        raise CriteriaError(f"Atribut '{name}' belum didukung; yang didukung: {SUPPORTED}.")


def _bounded(conditions: dict, key: str, op: str, value: Any, limits, name: str) -> None:
    low, high = limits
    if not _whole(value):
        raise CriteriaError(f"{name} harus bilangan bulat.")
    n = int(value)
    lowest, highest = {
        "eq": (n, n), "lt": (None, n - 1), "le": (None, n), "gt": (n + 1, None), "ge": (n, None),
    }[op]  # fmt: skip
    for bound, suffix, pick in ((lowest, "_min", max), (highest, "_maks", min)):
        if bound is None:
            continue
        # A bound beyond the range the registry holds asks for nothing ("age < 200").
        if (suffix == "_maks" and bound > high) or (suffix == "_min" and bound < low):
            continue
        if not low <= bound <= high:
            raise CriteriaError(f"{name} di luar rentang {low}–{high}.")
        held = conditions.get(key + suffix)
        conditions[key + suffix] = bound if held is None else pick(held, bound)
