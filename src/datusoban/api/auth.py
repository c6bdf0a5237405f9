"""How API callers prove who they are: a browser session, or a bearer token for systems."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from datusoban.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    """``Authorization: Bearer dsb_…`` (see ``datusoban token create``)."""

    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.user_for(token)
        if user is not None:
            # Routes check permissions and scope on request.user, as for a session.
            request.user = user
        return user
