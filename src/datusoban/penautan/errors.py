"""The one error linkage raises for bad input: a message for the person who sent it."""

from __future__ import annotations


class LinkInputError(Exception):
    """Input that cannot be linked: unreadable file, missing column, duplicate record_id."""
