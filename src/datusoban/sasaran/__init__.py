"""Targeting: who needs what — welfare ranking, eligibility, allocation (issue: targeting)."""
