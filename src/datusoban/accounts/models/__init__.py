"""Accounts: who a user is (role, scope), the audit trail, API tokens and the keys partner
systems sign with, login pauses."""

from datusoban.accounts.models.login import LoginThrottle
from datusoban.accounts.models.people import Account, AuditEvent
from datusoban.accounts.models.sender_key import SenderKey
from datusoban.accounts.models.token import ApiToken

__all__ = ["Account", "ApiToken", "AuditEvent", "LoginThrottle", "SenderKey"]
