"""The public key a partner system signs its SPDCI messages with (dci/signature.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SenderKey(models.Model):
    """A partner system's signing public key, as a JWK, and the ``sender_id`` it signs as.

    Tied to the user the system's API tokens stand for, not to one token nor to the
    header's ``sender_id`` alone. The token proves who calls; the specification's
    ``sender_id`` names the sender and is "used for ... digital sign verification", but it
    is whatever the caller writes in the header. Keyed by ``sender_id`` alone, a caller
    could escape verification by naming a sender without a key; keyed by one token, the
    requirement would lapse silently when the token is replaced (tokens expire, after 90
    days by default, while a signing key lives for years). So the account decides: once
    it has a key, every message its tokens send must name this ``sender_id`` and carry a
    valid signature by this key. Only the public part is ever stored.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="kunci_pengirim",
        verbose_name="pengguna",
    )
    # MsgHeader's sender_id has no length limit in the specification; the transactions
    # kept of it (dci.Transaction) hold 200 characters.
    sender_id = models.CharField(max_length=200)
    jwk = models.JSONField(help_text="The public key as a JWK (RFC 7517), never a private key")
    sidik = models.CharField(max_length=64, help_text="JWK thumbprint (RFC 7638, SHA-256)")
    didaftarkan = models.DateTimeField(auto_now=True)
    didaftarkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "kunci pengirim"
        verbose_name_plural = "kunci pengirim"

    def __str__(self) -> str:
        return f"{self.sender_id} ({self.jwk.get('kty')}, {self.sidik[:12]}…)"
