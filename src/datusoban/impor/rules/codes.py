"""The rule catalogue: codes, severities and messages, read from rules.toml (policy as data)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Literal

Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")

# Exactly one per row: duplikat > karantina (an error) > peringatan (a warning) > diterima.
STATUSES = ("diterima", "peringatan", "karantina", "duplikat")


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    message: str
    field: str


def load_rules(text: str | None = None) -> dict[str, Rule]:
    """Parse the catalogue (the shipped rules.toml unless `text` is given); code -> Rule."""
    if text is None:
        text = resources.files("datusoban.impor.rules").joinpath("rules.toml").read_text("utf-8")
    rules: dict[str, Rule] = {}
    for row in tomllib.loads(text)["rule"]:
        if set(row) != {"code", "severity", "field", "message"}:
            raise ValueError(f"rules.toml: rule {row.get('code')!r} has keys {sorted(row)}")
        rule = Rule(row["code"], row["severity"], row["message"].strip(), row["field"])
        if rule.severity not in SEVERITIES:
            raise ValueError(f"rules.toml: {rule.code}: severity must be error or warning")
        if rule.code in rules:
            raise ValueError(f"rules.toml: {rule.code} is listed twice")
        if not rule.message or not rule.field:
            raise ValueError(f"rules.toml: {rule.code} needs a field and a message")
        rules[rule.code] = rule
    return rules


def _with_limits(rules: dict[str, Rule]) -> dict[str, Rule]:
    """``rules`` and the rules of limits.toml (their messages are made from the limits)."""
    from datusoban.impor.rules.limits import limit_rules

    added = {
        code: Rule(code, "error", message, field)
        for code, (field, message) in limit_rules().items()
    }
    if clash := sorted(set(added) & set(rules)):
        raise ValueError(f"rules.toml and limits.toml both define {clash}")
    return rules | added


RULES: dict[str, Rule] = _with_limits(load_rules())
