"""The one exception the identity layer raises for bad input."""

from __future__ import annotations


class IdentityError(ValueError):
    """An identifier, name or date that cannot be accepted as written.

    `code` is stable and meant for machines (filters, counts, translations);
    `message` is a Bahasa Indonesia sentence an operator can act on.
    """

    code: str
    message: str

    def __init__(self, code: str, message: str) -> None:
        # Both go into args so the error pickles (multiprocessing imports).
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message
