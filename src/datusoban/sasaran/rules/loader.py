"""Rule files → checked, compiled programme rules. Refuses at load, naming the file
and the rule: unknown keys, facts, functions, parameters or programmes; conditions
that do not parse or have the wrong type.

One file per programme in ``targeting/data/aturan/<versi>/``; the folder is the
version of the rule set, and each file names the catalogue version
(``reference/data/program/``) whose parameters its rules use.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from datusoban.sasaran.rules.compiler import (
    Compiled,
    Context,
    RuleCompileError,
    compile_condition,
)
from datusoban.sasaran.rules.parser import RuleSyntaxError, parse
from datusoban.sasaran.rules.vocabulary import KELUARGA, LOGIKA, ORANG

POLICIES = ("lulus", "gagal")  # what an unknown outcome counts as
FILE_KEYS = {
    "program", "katalog", "sasaran", "keterangan", "bila_tidak_diketahui", "parameter",
    "aturan", "komponen", "manfaat",
}  # fmt: skip
RULE_KEYS = {"kode", "uraian", "syarat", "bila_tidak_diketahui"}
COMPONENT_KEYS = {"kode", "syarat", "maks"}
BENEFIT_KEYS = {"rumus", "jumlah", "satuan", "kali", "bagi", "keterangan"}
FORMULAS = ("komponen", "per_satuan", "tanpa_nominal")


class RuleFileError(ValueError):
    """A rule file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True)
class Rule:
    kode: str
    uraian: str
    syarat: str
    compiled: Compiled
    bila_tidak_diketahui: str  # "lulus" or "gagal"


@dataclass(frozen=True)
class Component:
    """A PKH-style component: which members receive it, how many count, what it pays."""

    kode: str
    nama: str
    syarat: str
    compiled: Compiled
    maks: int | None  # at most this many members of a family count
    per_tahun: int
    per_tahap: int


@dataclass(frozen=True)
class Benefit:
    rumus: str  # komponen | per_satuan | tanpa_nominal
    jumlah: int | None = None  # amount per unit
    satuan: str = ""  # bulan, hari, rumah, kk, ...
    kali: int = 1  # units per year
    bagi: int = 1  # the amount is shared by this many units (a KUBE of 10 KK)
    keterangan: str = ""


@dataclass(frozen=True)
class ProgrammeRules:
    program: str
    versi: str
    katalog: str
    sasaran: str  # ORANG or KELUARGA: the unit judged
    keterangan: str
    rules: tuple[Rule, ...]
    components: tuple[Component, ...]
    benefit: Benefit
    params: Mapping[str, Any]
    tahap_per_tahun: int
    file: str
    bila_tidak_diketahui: str = "gagal"  # the file's default, also for components


def _folder():
    return resources.files("datusoban.sasaran").joinpath("data/aturan")


def versions() -> list[str]:
    """The shipped rule-set versions, oldest first."""
    return sorted(p.name for p in _folder().iterdir() if p.is_dir() and not p.name.startswith("_"))


def _scalar_params(catalogue: Mapping[str, Any]) -> dict[str, Any]:
    return {
        k: v
        for k, v in catalogue.items()
        if isinstance(v, bool | int | float | str)
        or (isinstance(v, list) and all(isinstance(x, int | float | str) for x in v))
    }


def _policy(value: Any, where: str) -> str:
    if value not in POLICIES:
        raise RuleFileError(f"{where}: bila_tidak_diketahui harus 'lulus' atau 'gagal'")
    return value


def _unknown_keys(entry: Mapping, allowed: set[str], where: str) -> None:
    extra = sorted(set(entry) - allowed)
    if extra:
        raise RuleFileError(f"{where}: kunci tidak dikenal {', '.join(extra)}")


def _compile(text: Any, ctx: Context, where: str) -> Compiled:
    if not isinstance(text, str):
        raise RuleFileError(f"{where}: syarat harus teks")
    try:
        compiled = compile_condition(parse(text), ctx)
    except (RuleSyntaxError, RuleCompileError) as error:
        raise RuleFileError(f"{where}: {error}") from None
    if compiled.type != LOGIKA:
        raise RuleFileError(f"{where}: syarat harus bernilai benar/salah, bukan {compiled.type}")
    return compiled


def _described(text: str, params: Mapping[str, Any], where: str) -> str:
    """The rule's description with ``{parameter}`` replaced by its value (an unknown
    name is refused like any other)."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in params:
            raise RuleFileError(f"{where}: uraian menyebut parameter tidak dikenal {{{name}}}")
        found = params[name]
        return ", ".join(map(str, found)) if isinstance(found, list) else str(found)

    return re.sub(r"\{([a-z_][a-z0-9_]*)\}", value, text)


def _int_param(value: Any, params: Mapping[str, Any], where: str) -> int:
    """A count or amount: a whole number, or the name of a parameter holding one."""
    if isinstance(value, str):
        if value not in params:
            raise RuleFileError(f"{where}: parameter tidak dikenal {value!r}")
        value = params[value]
    if not isinstance(value, int) or isinstance(value, bool):
        raise RuleFileError(f"{where}: harus bilangan bulat, bukan {value!r}")
    return value


def parse_rules(
    text: str,
    *,
    file: str,
    versi: str,
    catalogue: Mapping[str, Mapping[str, Any]],
) -> ProgrammeRules:
    """One rule file, checked and compiled against ``catalogue`` (programme code → the
    parameters of the catalogue version the file names)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RuleFileError(f"{file}: TOML tidak sah: {error}") from None
    _unknown_keys(data, FILE_KEYS, file)
    program = data.get("program")
    if program not in catalogue:
        raise RuleFileError(
            f"{file}: program {program!r} tidak ada di katalog {data.get('katalog')}"
        )
    sasaran = data.get("sasaran")
    if sasaran not in (ORANG, KELUARGA):
        raise RuleFileError(f"{file}: sasaran harus 'orang' atau 'keluarga'")
    default_policy = _policy(data.get("bila_tidak_diketahui"), file)
    own = data.get("parameter", {})
    base = _scalar_params(catalogue[program])
    clash = sorted(set(own) & set(base))
    if clash:
        raise RuleFileError(f"{file}: parameter {', '.join(clash)} sudah ada di katalog")
    params = {**base, **own}
    programmes = frozenset(catalogue)
    raw_components = data.get("komponen", [])
    if raw_components and sasaran != KELUARGA:
        raise RuleFileError(f"{file}: [[komponen]] hanya untuk sasaran keluarga")

    components = []
    amounts = {k["kode"]: k for k in catalogue[program].get("komponen", []) if isinstance(k, dict)}
    for entry in raw_components:
        where = f"{file}: komponen {entry.get('kode')!r}"
        _unknown_keys(entry, COMPONENT_KEYS, where)
        if entry.get("kode") not in amounts:
            raise RuleFileError(f"{where}: tidak ada di komponen katalog {program}")
        known = amounts[entry["kode"]]
        # The component's own catalogue entries (usia_maks, jenjang, ...) as
        # param.komponen_<name>, so that its ages and levels stay in the catalogue.
        own_params = {f"komponen_{k}": v for k, v in _scalar_params(known).items()}
        ctx = Context(ORANG, {**params, **own_params}, programmes)
        maks = entry.get("maks")
        components.append(
            Component(
                kode=entry["kode"],
                nama=known.get("nama", entry["kode"]),
                syarat=entry.get("syarat", ""),
                compiled=_compile(entry.get("syarat"), ctx, where),
                maks=None if maks is None else _int_param(maks, params, f"{where}, maks"),
                per_tahun=int(known["per_tahun"]),
                per_tahap=int(known["per_tahap"]),
            )
        )

    rules, seen = [], set()
    for entry in data.get("aturan", []):
        where = f"{file}: aturan {entry.get('kode')!r}"
        _unknown_keys(entry, RULE_KEYS, where)
        kode = entry.get("kode")
        if not isinstance(kode, str) or not kode or kode in seen:
            raise RuleFileError(f"{where}: kode aturan kosong atau berulang")
        seen.add(kode)
        ctx = Context(sasaran, params, programmes, component_fact=bool(components))
        rules.append(
            Rule(
                kode=kode,
                uraian=_described(str(entry.get("uraian", kode)), params, where),
                syarat=entry.get("syarat"),
                compiled=_compile(entry.get("syarat"), ctx, where),
                bila_tidak_diketahui=_policy(
                    entry.get("bila_tidak_diketahui", default_policy), where
                ),
            )
        )
    if not rules:
        raise RuleFileError(f"{file}: tidak ada [[aturan]]")
    return ProgrammeRules(
        program=program,
        versi=versi,
        katalog=str(data.get("katalog")),
        sasaran=sasaran,
        keterangan=str(data.get("keterangan", "")),
        rules=tuple(rules),
        components=tuple(components),
        benefit=_benefit(data.get("manfaat", {}), params, components, f"{file}: manfaat"),
        params=params,
        tahap_per_tahun=int(params.get("tahap_per_tahun", 1)),
        file=file,
        bila_tidak_diketahui=default_policy,
    )


def _benefit(entry: Mapping, params: Mapping[str, Any], components: list, where: str) -> Benefit:
    _unknown_keys(entry, BENEFIT_KEYS, where)
    rumus = entry.get("rumus", "tanpa_nominal")
    if rumus not in FORMULAS:
        raise RuleFileError(f"{where}: rumus harus salah satu dari {', '.join(FORMULAS)}")
    if rumus == "komponen" and not components:
        raise RuleFileError(f"{where}: rumus 'komponen' tanpa [[komponen]]")
    if rumus != "per_satuan":
        return Benefit(rumus, keterangan=str(entry.get("keterangan", "")))
    return Benefit(
        rumus,
        jumlah=_int_param(entry.get("jumlah"), params, f"{where}, jumlah"),
        satuan=str(entry.get("satuan", "")),
        kali=_int_param(entry.get("kali", 1), params, f"{where}, kali"),
        bagi=_int_param(entry.get("bagi", 1), params, f"{where}, bagi"),
        keterangan=str(entry.get("keterangan", "")),
    )


def load_rules(
    catalogues: Mapping[str, Mapping[str, Mapping[str, Any]]],
    versi: str | None = None,
    folder: Path | None = None,
) -> dict[str, ProgrammeRules]:
    """Every programme's rules of rule-set ``versi`` (default: the newest shipped), or of
    the files in ``folder``. ``catalogues``: catalogue version → programme code →
    parameters (as loaded in ``reference.VersiProgram``)."""
    if folder is None:
        versi = versi or versions()[-1]
        base = _folder().joinpath(versi)
    else:
        base, versi = folder, versi or folder.name
    files = sorted((p for p in base.iterdir() if p.name.endswith(".toml")), key=lambda p: p.name)
    result: dict[str, ProgrammeRules] = {}
    for path in files:
        name = f"aturan/{versi}/{path.name}"
        text = path.read_text("utf-8")
        try:
            katalog = str(tomllib.loads(text).get("katalog", ""))
        except tomllib.TOMLDecodeError as error:
            raise RuleFileError(f"{name}: TOML tidak sah: {error}") from None
        if katalog not in catalogues:
            raise RuleFileError(f"{name}: versi katalog {katalog!r} belum dimuat")
        rules = parse_rules(text, file=name, versi=versi, catalogue=catalogues[katalog])
        if rules.program in result:
            raise RuleFileError(f"{name}: program {rules.program} sudah diatur di berkas lain")
        result[rules.program] = rules
    return result
