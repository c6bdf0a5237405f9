"""The login form: password, then a TOTP code for users who enrolled a device.

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

    def clean(self):
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

    def form_valid(self, form):
        response = super().form_valid(form)
        device = getattr(form.get_user(), "otp_device", None)
        if device is not None:
            otp_login(self.request, device)
        return response
