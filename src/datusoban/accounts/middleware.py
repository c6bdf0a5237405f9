"""Absolute session timeout: a login lasts at most SESSION_ABSOLUTE_SECONDS.

The idle timeout is Django's own (SESSION_COOKIE_AGE, renewed on every
request); this ends a session that is kept busy all day on a shared office
computer, counting from the moment of login (stamped by the login signal).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

LOGIN_STAMP = "datusoban_masuk_pada"


@receiver(user_logged_in)
def _stamp_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_STAMP] = time.time()


class AbsoluteSessionTimeout:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            stamp = request.session.get(LOGIN_STAMP)
            # A session without a stamp predates this rule: give it one now.
            if stamp is None:
                request.session[LOGIN_STAMP] = time.time()
            elif time.time() - stamp > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
        return self.get_response(request)
