"""Syntax tree → Polars expression, type-checked against the fixed vocabulary.

A compiled condition is one ``pl.Expr`` over the columns of a facts frame, so the
whole registry is judged in one pass (set-based) and one family is judged by the
same expression over a one-family frame: the explanation cannot drift from the
bulk result. Unknown values are nulls and propagate by three-valued logic
(Kleene: ``null dan salah`` is ``salah``, ``null atau benar`` is ``benar``); the
rule file's policy decides what an unknown outcome means.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from datusoban.reference import vocab
from datusoban.sasaran.rules import ast
from datusoban.sasaran.rules.vocabulary import (
    AID_FUNCTIONS,
    ANGKA,
    DAFTAR,
    FACTS,
    FUNCTIONS,
    KELUARGA,
    LOGIKA,
    MEMBER_FUNCTIONS,
    ORANG,
    TEKS,
)


class RuleCompileError(ValueError):
    """A condition that parses but means nothing: unknown fact, wrong type, wrong level."""


@dataclass(frozen=True)
class Input:
    """A value a rule reads: shown with its label in the rule's explanation."""

    column: str
    label: str
    fact: str | None = None  # for value labels (vocabulary.value_label)


@dataclass(frozen=True)
class Derived:
    """A column computed before the rules run: previous aid, or a person-level condition
    gathered over the members of each family (``jumlah_anggota``, ``kepala``)."""

    column: str
    kind: str  # an AID_FUNCTIONS or MEMBER_FUNCTIONS name
    program: str | None = None
    expr: pl.Expr | None = None  # the person-level expression of a member function
    inner: tuple[Derived, ...] = ()  # person-level columns that expression needs
    reads: tuple[str, ...] = ()  # the fact columns that expression reads

    def __hash__(self) -> int:  # pl.Expr is not hashable; the column names it
        return hash(self.column)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Derived) and other.column == self.column


@dataclass(frozen=True)
class Compiled:
    expr: pl.Expr
    type: str
    inputs: tuple[Input, ...] = ()
    derived: tuple[Derived, ...] = field(default=())
    constant: object = None  # the value, for literals and parameters (lists for `dalam`)
    is_constant: bool = False


@dataclass(frozen=True)
class Context:
    level: str  # ORANG or KELUARGA: the frame the expression runs over
    params: Mapping[str, object]
    programmes: frozenset[str]  # programme codes previous-aid functions may name
    component_fact: bool = False  # penerima_komponen is available (programmes with komponen)


def _type_of(value) -> str:
    if isinstance(value, bool):
        return LOGIKA
    if isinstance(value, int | float):
        return ANGKA
    if isinstance(value, str):
        return TEKS
    if isinstance(value, list):
        return DAFTAR
    raise RuleCompileError(f"nilai {value!r} tidak didukung")


def unparse(node: ast.Node) -> str:
    """The condition written back canonically (labels and derived column names)."""
    match node:
        case ast.Literal(value=bool() as b):
            return "benar" if b else "salah"
        case ast.Literal(value=str() as s):
            return f'"{s}"'
        case ast.Literal(value=v):
            return str(v)
        case ast.ListLiteral(items=items):
            return "[" + ", ".join(unparse(i) for i in items) + "]"
        case ast.Fact(name=name):
            return name
        case ast.Param(name=name):
            return f"param.{name}"
        case ast.Call(name=name, args=args):
            return f"{name}(" + ", ".join(unparse(a) for a in args) + ")"
        case ast.Not(operand=o):
            return f"tidak {unparse(o)}"
        case ast.Negative(operand=o):
            return f"-{unparse(o)}"
        case ast.Logic(op=op, left=a, right=b) | ast.Arithmetic(op=op, left=a, right=b):
            return f"({unparse(a)} {op} {unparse(b)})"
        case ast.Compare(op=op, left=a, right=b):
            return f"{unparse(a)} {op} {unparse(b)}"
        case ast.InList(value=v, items=items, negated=neg):
            return f"{unparse(v)} {'tidak dalam' if neg else 'dalam'} {unparse(items)}"
        case ast.Contains(value=v, items=items):
            return f"{unparse(v)} memuat {unparse(items)}"
    raise TypeError(node)


def _merge(*parts: Compiled) -> tuple[tuple[Input, ...], tuple[Derived, ...]]:
    inputs = tuple(dict.fromkeys(i for p in parts for i in p.inputs))
    derived = tuple(dict.fromkeys(d for p in parts for d in p.derived))
    return inputs, derived


def _need(part: Compiled, wanted: str, what: str) -> None:
    if part.type != wanted:
        raise RuleCompileError(f"{what} harus bertipe {wanted}, bukan {part.type}")


def _check_choices(fact_side: ast.Node, values: list) -> None:
    """A text compared with a coded fact must be one of its codes (catches typos)."""
    if not isinstance(fact_side, ast.Fact):
        return
    spec = FACTS.get(fact_side.name)
    if spec is None or not spec.choices:
        return
    codes = vocab.codes(spec.choices)
    for value in values:
        if isinstance(value, str) and value not in codes:
            raise RuleCompileError(
                f"nilai {value!r} tidak dikenal untuk fakta {spec.name} "
                f"(pilihan: {', '.join(codes)})"
            )


def compile_condition(node: ast.Node, ctx: Context) -> Compiled:
    """``node`` as a Polars expression over the ``ctx.level`` facts frame."""
    match node:
        case ast.Literal(value=value):
            return Compiled(pl.lit(value), _type_of(value), constant=value, is_constant=True)
        case ast.Param(name=name):
            if name not in ctx.params:
                known = ", ".join(sorted(ctx.params)) or "(tidak ada)"
                raise RuleCompileError(f"parameter tidak dikenal: param.{name} (ada: {known})")
            value = ctx.params[name]
            kind = _type_of(value)
            expr = pl.lit(None) if kind == DAFTAR else pl.lit(value)
            return Compiled(expr, kind, constant=value, is_constant=True)
        case ast.ListLiteral(items=items):
            values = []
            for item in items:
                part = compile_condition(item, ctx)
                if not part.is_constant or part.type == DAFTAR:
                    raise RuleCompileError("isi daftar harus nilai tetap (angka, teks, parameter)")
                values.append(part.constant)
            return Compiled(pl.lit(None), DAFTAR, constant=values, is_constant=True)
        case ast.Fact(name=name):
            return _fact(name, ctx)
        case ast.Call():
            return _call(node, ctx)
        case ast.Not(operand=operand):
            part = compile_condition(operand, ctx)
            _need(part, LOGIKA, "'tidak'")
            return Compiled(~part.expr, LOGIKA, part.inputs, part.derived)
        case ast.Negative(operand=operand):
            part = compile_condition(operand, ctx)
            _need(part, ANGKA, "'-'")
            return Compiled(-part.expr, ANGKA, part.inputs, part.derived)
        case ast.Logic(op=op, left=left, right=right):
            a, b = compile_condition(left, ctx), compile_condition(right, ctx)
            _need(a, LOGIKA, f"sisi kiri '{op}'")
            _need(b, LOGIKA, f"sisi kanan '{op}'")
            expr = (a.expr & b.expr) if op == "dan" else (a.expr | b.expr)
            return Compiled(expr, LOGIKA, *_merge(a, b))
        case ast.Arithmetic(op=op, left=left, right=right):
            a, b = compile_condition(left, ctx), compile_condition(right, ctx)
            _need(a, ANGKA, f"sisi kiri '{op}'")
            _need(b, ANGKA, f"sisi kanan '{op}'")
            ops = {"+": a.expr + b.expr, "-": a.expr - b.expr, "*": a.expr * b.expr}
            expr = ops.get(op, a.expr / b.expr)
            return Compiled(expr, ANGKA, *_merge(a, b))
        case ast.Compare(op=op, left=left, right=right):
            return _compare(op, left, right, ctx)
        case ast.InList(value=value, items=items, negated=negated):
            a, b = compile_condition(value, ctx), compile_condition(items, ctx)
            _need(b, DAFTAR, "sisi kanan 'dalam'")
            if a.type in (DAFTAR, LOGIKA):
                raise RuleCompileError(f"'dalam' membandingkan angka atau teks, bukan {a.type}")
            for v in b.constant:
                if _type_of(v) != a.type:
                    raise RuleCompileError(f"daftar 'dalam' berisi {v!r}, bukan {a.type}")
            _check_choices(value, b.constant)
            expr = a.expr.is_in(pl.lit(b.constant))
            return Compiled(~expr if negated else expr, LOGIKA, a.inputs, a.derived)
        case ast.Contains(value=value, items=items):
            a, b = compile_condition(value, ctx), compile_condition(items, ctx)
            _need(a, DAFTAR, "sisi kiri 'memuat'")
            _need(b, DAFTAR, "sisi kanan 'memuat'")
            if a.is_constant:
                raise RuleCompileError("sisi kiri 'memuat' harus fakta berupa daftar")
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in b.constant):
                raise RuleCompileError("daftar 'memuat' harus berisi angka")
            expr = a.expr.list.eval(pl.element().is_in(pl.lit(b.constant))).list.any()
            return Compiled(expr, LOGIKA, a.inputs, a.derived)
    raise RuleCompileError(f"bentuk syarat tidak dikenal: {node!r}")


def _fact(name: str, ctx: Context) -> Compiled:
    spec = FACTS.get(name)
    if spec is None:
        raise RuleCompileError(f"fakta tidak dikenal: {name}")
    if name == "penerima_komponen" and not ctx.component_fact:
        raise RuleCompileError("fakta penerima_komponen hanya untuk program dengan [[komponen]]")
    if spec.level == ORANG and ctx.level == KELUARGA:
        raise RuleCompileError(
            f"fakta {name} adalah fakta orang; dalam aturan keluarga pakai "
            f"jumlah_anggota(...) atau kepala(...)"
        )
    return Compiled(pl.col(name), spec.type, (Input(name, spec.label, name),))


def _compare(op: str, left: ast.Node, right: ast.Node, ctx: Context) -> Compiled:
    a, b = compile_condition(left, ctx), compile_condition(right, ctx)
    if DAFTAR in (a.type, b.type):
        raise RuleCompileError(f"'{op}' tidak untuk daftar; pakai 'dalam' atau 'memuat'")
    if a.type != b.type:
        raise RuleCompileError(f"'{op}' membandingkan {a.type} dengan {b.type}")
    if op not in ("==", "!=") and a.type != ANGKA:
        raise RuleCompileError(f"'{op}' hanya untuk angka, bukan {a.type}")
    if b.is_constant:
        _check_choices(left, [b.constant])
    if a.is_constant:
        _check_choices(right, [a.constant])
    x, y = a.expr, b.expr
    expr = {
        "==": x == y, "!=": x != y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y,
    }[op]  # fmt: skip
    return Compiled(expr, LOGIKA, *_merge(a, b))


def _call(node: ast.Call, ctx: Context) -> Compiled:
    name, args = node.name, node.args
    if name not in FUNCTIONS:
        raise RuleCompileError(f"fungsi tidak dikenal: {name}()")
    if len(args) != 1:
        raise RuleCompileError(f"{name}() menerima tepat satu argumen")
    (arg,) = args
    if name in AID_FUNCTIONS:
        if not isinstance(arg, ast.Literal) or not isinstance(arg.value, str):
            raise RuleCompileError(f'{name}() menerima kode program, mis. {name}("PKH")')
        code = arg.value
        if code not in ctx.programmes:
            raise RuleCompileError(f"{name}(): program tidak dikenal {code!r}")
        kind, label = AID_FUNCTIONS[name]
        column = f"{name}:{code}"
        return Compiled(
            pl.col(column), kind, (Input(column, label.format(program=code)),),
            (Derived(column, name, program=code),),
        )  # fmt: skip
    if name == "diketahui":
        part = compile_condition(arg, ctx)
        return Compiled(part.expr.is_not_null(), LOGIKA, part.inputs, part.derived)
    # Member functions: a person-level condition gathered per family.
    if ctx.level != KELUARGA:
        raise RuleCompileError(f"{name}() hanya dalam aturan keluarga")
    inner = compile_condition(arg, Context(ORANG, ctx.params, ctx.programmes))
    if inner.type == DAFTAR:
        raise RuleCompileError(f"{name}() tidak menerima daftar")
    if name == "jumlah_anggota":
        _need(inner, LOGIKA, "argumen jumlah_anggota()")
    column = unparse(node)
    label = MEMBER_FUNCTIONS[name].format(syarat=unparse(arg))
    kind = ANGKA if name == "jumlah_anggota" else inner.type
    reads = tuple(i.column for i in inner.inputs)
    derived = Derived(column, name, expr=inner.expr, inner=inner.derived, reads=reads)
    return Compiled(pl.col(column), kind, (Input(column, label),), (derived,))
