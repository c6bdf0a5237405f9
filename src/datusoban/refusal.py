"""The one refusal of the domain apps: a step their rules do not allow.

Programmes, cases and the delivery network raise it; each way in answers it in one
place: the API as ``{kode, pesan}`` with its status (``api.errors``), the pages as the
message on the page, a 403 or a 404 (``web.refusals``). Plain Python, so that every
layer may raise it.
"""

from __future__ import annotations


class RefusedError(Exception):
    """``kode`` is stable, for programs; ``pesan`` says why, in Bahasa Indonesia, for people.

    ``status`` is the HTTP status the refusal is answered with: 400 a rule refuses the
    request (most do), 403 the caller's role may not take the step, 404 what it names is
    not found or outside the caller's scope. ``field`` names the input the refusal is
    about (as the service's parameter is named), so that a form can show the message next
    to it; None: the step as a whole.
    """

    def __init__(self, kode: str, pesan: str, status: int = 400, *, field: str | None = None):
        super().__init__(pesan)
        self.kode = kode
        self.pesan = pesan
        self.status = status
        self.field = field
