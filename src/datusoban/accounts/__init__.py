"""Accounts: roles, the regional scope of each user, masking, and the audit trail."""
