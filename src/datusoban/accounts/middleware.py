"""Session timeouts: idle (30 minutes) and absolute (8 hours after login); and a password
an administrator set, which its user changes before reaching anything else.

Idle: Django's own, SESSION_COOKIE_AGE from the session's last save. A session is
saved again (its expiry moved on) once SESSION_RENEW_SECONDS have passed since its
last renewal, not on every request: a save is a write and a commit on every page
view of every user, and the idle limit needs no finer grain than a minute (a
session idles out 29 to 30 minutes after its last request).

Absolute: a login lasts at most SESSION_ABSOLUTE_SECONDS, counting from the moment
of login (stamped by the login signal), however busy the session is kept on a
shared office computer.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

LOGIN_STAMP = "datusoban_masuk_pada"
RENEWAL_STAMP = "datusoban_diperbarui_pada"


@receiver(user_logged_in)
def _stamp_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_STAMP] = now
        request.session[RENEWAL_STAMP] = now


class SessionTimeouts:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            stamp = request.session.get(LOGIN_STAMP)
            if stamp is None:  # a session from before this rule: stamp it now
                request.session[LOGIN_STAMP] = now
            elif now - stamp > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return self.get_response(request)
            if now - request.session.get(RENEWAL_STAMP, 0) >= settings.SESSION_RENEW_SECONDS:
                # Changing the session makes SessionMiddleware save it, which sets
                # its expiry (database and cookie) to now + SESSION_COOKIE_AGE.
                request.session[RENEWAL_STAMP] = now
        return self.get_response(request)


# The pages a user who must change their password may still reach: the page to change it
# and the way out. Named, not imported: the pages are the site's, above this module.
PASSWORD_CHANGE_PAGE = "web:ganti_sandi"
# The public status check (and its usul, sanggah, lacak) is open to anyone, so to them as well.
_OPEN_WHILE_CHANGING = (
    PASSWORD_CHANGE_PAGE, "web:keluar", "web:cek_status", "web:usul_publik",
    "web:sanggah_publik", "web:lacak",
)  # fmt: skip
MUST_CHANGE = (
    "Kata sandi Anda diberikan oleh administrator: gantilah dengan kata sandi Anda sendiri "
    "sebelum melanjutkan."
)


class PasswordChangeRequired:
    """A user whose password an administrator set (``Account.harus_ganti_sandi``) reaches
    nothing but the page to choose their own, and logging out, until they have: a page
    is redirected there, the API answers 403 with the reason. Static files are served
    before this runs (whitenoise) or are outside Django's pages (the development server)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        account = getattr(user, "account", None)
        if account is None or not account.harus_ganti_sandi:
            return self.get_response(request)
        if request.path in {reverse(name) for name in _OPEN_WHILE_CHANGING}:
            return self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"kode": "sandi_wajib_diganti", "pesan": MUST_CHANGE}, status=403)
        return HttpResponseRedirect(reverse(PASSWORD_CHANGE_PAGE))
