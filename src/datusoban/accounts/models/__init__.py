"""Accounts: who a user is (role, scope), the audit trail, API tokens, login pauses."""

from datusoban.accounts.models.login import JedaMasuk
from datusoban.accounts.models.people import Akun, JejakAudit
from datusoban.accounts.models.token import TokenAPI

__all__ = ["Akun", "JedaMasuk", "JejakAudit", "TokenAPI"]
