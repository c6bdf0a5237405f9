"""The one refusal of the delivery network's services."""

from __future__ import annotations


class RefusedError(ValueError):
    """A step the rules do not allow; the message says why, in Indonesian, for the user."""
