"""The login form: password, then a TOTP code for users who enrolled a device.

A user name whose password is being guessed from many addresses is slowed
before its password is checked (login_throttle.py); the lockout per user name
and address is django-axes's, at the authentication backend.

The second factor is optional per user and meant for administrators: once a
user has a confirmed authenticator (``datusoban totp enroll``/``confirm``),
their password alone no longer logs them in.
"""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from datusoban.accounts import login_throttle


class LoginForm(OTPAuthenticationFormMixin, AuthenticationForm):
    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"autocomplete": "one-time-code"})
    )
    otp_challenge = forms.CharField(required=False)

    otp_error_messages: ClassVar[dict] = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": "Akun ini memakai verifikasi dua langkah: masukkan kode dari aplikasi "
        "autentikator.",
        "invalid_token": "Kode verifikasi salah atau sudah kedaluwarsa; coba kode yang baru.",
        "n_failed_attempts": "Verifikasi ditangguhkan sebentar karena terlalu banyak kode "
        "salah; coba lagi sebentar lagi.",
        "verification_not_allowed": "Verifikasi kode sedang ditangguhkan; coba lagi nanti.",
    }

    def _chosen_device(self, user):
        # One authenticator per user (``datusoban totp``): use it without making
        # the user pick it from a list; locked while its counters are checked.
        chosen = super()._chosen_device(user)
        if chosen is None:
            devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
            chosen = devices.select_for_update().order_by("pk").first()
        return chosen

    # Set when the attempt was refused unchecked: seconds until the user name's next turn.
    retry_after: int = 0

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and self.cleaned_data.get("password"):
            self.retry_after = login_throttle.seconds_to_wait(self.request, username)
            if self.retry_after:
                raise forms.ValidationError(
                    "Terlalu banyak percobaan masuk yang gagal untuk nama pengguna ini. "
                    "Demi keamanan, coba lagi dalam %(detik)s detik.",
                    code="throttled",
                    params={"detik": self.retry_after},
                )
        cleaned = super().clean()  # the password; raises for a wrong one
        user = self.get_user()
        if user is not None and user_has_device(user, confirmed=True):
            self.clean_otp(user)
        return cleaned


class LoginView(auth_views.LoginView):
    """Django's login view with this form; a verified second factor is remembered
    in the session (``request.user.is_verified()``)."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.retry_after:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        device = getattr(form.get_user(), "otp_device", None)
        if device is not None:
            otp_login(self.request, device)
        return response
