"""API tokens for machine clients: made once, shown once, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone

PREFIX = "dsb_"
# Writing "last used" on every call would make each API read a write; once a
# minute is enough to tell a live token from a forgotten one.
TOUCH_EVERY = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        "auth.User", on_delete=models.CASCADE, related_name="token_api", verbose_name="pengguna"
    )
    nama = models.CharField(max_length=100, help_text="What the token is for (which system)")
    sidik = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token")
    awalan = models.CharField(
        max_length=12, help_text="The token's first characters, to tell tokens apart"
    )
    dibuat = models.DateTimeField(auto_now_add=True)
    kedaluwarsa = models.DateTimeField(null=True, blank=True)
    dicabut = models.DateTimeField(null=True, blank=True)
    terakhir_dipakai = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table keeps the name it was created with (the model was renamed).
        db_table = "accounts_tokenapi"
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"{self.awalan}… {self.nama} ({self.user})"

    @classmethod
    def issue(cls, user, nama: str, *, days: int | None = 90) -> tuple[ApiToken, str]:
        """A new token for ``user``; returns the row and the token text, which is
        not stored anywhere and cannot be shown again."""
        text = PREFIX + secrets.token_urlsafe(32)
        expires = timezone.now() + timedelta(days=days) if days else None
        row = cls.objects.create(
            user=user, nama=nama, sidik=_digest(text), awalan=text[:12], kedaluwarsa=expires
        )
        return row, text

    @classmethod
    def user_for(cls, text: str):
        """The active user a valid, unrevoked, unexpired token stands for; else None."""
        if not text.startswith(PREFIX):
            return None
        # With the user's account (role and region): every route asks for its scope next.
        row = cls.objects.select_related("user__account").filter(sidik=_digest(text)).first()
        now = timezone.now()
        if row is None or row.dicabut is not None or not row.user.is_active:
            return None
        if row.kedaluwarsa is not None and row.kedaluwarsa <= now:
            return None
        if row.terakhir_dipakai is None or now - row.terakhir_dipakai > TOUCH_EVERY:
            cls.objects.filter(pk=row.pk).update(terakhir_dipakai=now)
        return row.user

    def revoke(self) -> None:
        if self.dicabut is None:
            self.dicabut = timezone.now()
            self.save(update_fields=["dicabut"])
