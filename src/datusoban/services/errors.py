"""The one refusal of the delivery network's services."""

from __future__ import annotations


class RefusedError(ValueError):
    """A step the rules do not allow; the message says why, in Indonesian, for the user.

    ``field`` names the input the refusal is about (as the service's parameter is
    named), so that a form can show the message next to it; None: the step as a whole.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
