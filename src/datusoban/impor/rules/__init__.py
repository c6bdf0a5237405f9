"""Set-based validation of imported person rows (Polars, whole table at once).

    checked = validate(frame, RuleContext.default(as_of=date.today()))

Severities and messages are policy, kept in rules.toml (RULES); the checks
agree with datusoban.identity, which stays the reference for a single value.
"""

from datusoban.impor.rules.codes import RULES, STATUSES, Rule, load_rules
from datusoban.impor.rules.context import RuleContext
from datusoban.impor.rules.validate import CANONICAL, validate

__all__ = ["CANONICAL", "RULES", "STATUSES", "Rule", "RuleContext", "load_rules", "validate"]
