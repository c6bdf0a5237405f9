"""The typed syntax tree of an eligibility condition (see ``parser.py`` for the grammar).

Plain frozen dataclasses: the parser builds them, the compiler turns them into
Polars expressions. Nothing here evaluates anything.
"""

from __future__ import annotations

from dataclasses import dataclass

Value = int | float | str | bool


@dataclass(frozen=True)
class Literal:
    value: Value


@dataclass(frozen=True)
class ListLiteral:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Fact:
    """A named fact about the person or family (``rules/vocabulary.py``)."""

    name: str


@dataclass(frozen=True)
class Param:
    """``param.name``: a parameter of the programme's catalogue version or of the rule file."""

    name: str


@dataclass(frozen=True)
class Call:
    """One of the fixed functions (``pernah_menerima("PKH")``, ``jumlah_anggota(...)`` …)."""

    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class Negative:
    operand: Node


@dataclass(frozen=True)
class Logic:
    op: str  # "dan" | "atau"
    left: Node
    right: Node


@dataclass(frozen=True)
class Arithmetic:
    op: str  # + - * /
    left: Node
    right: Node


@dataclass(frozen=True)
class Compare:
    op: str  # == != < <= > >=
    left: Node
    right: Node


@dataclass(frozen=True)
class InList:
    """``x dalam [..]`` (or ``x tidak dalam [..]``)."""

    value: Node
    items: Node  # a ListLiteral or a Param holding a list
    negated: bool = False


@dataclass(frozen=True)
class Contains:
    """``ppks memuat [..]``: a list fact holding at least one of the items."""

    value: Node
    items: Node


Node = (
    Literal | ListLiteral | Fact | Param | Call | Not | Negative | Logic | Arithmetic | Compare
    | InList | Contains
)  # fmt: skip
