"""The turn of a user name whose password is being guessed from many addresses."""

from __future__ import annotations

from django.db import models


class LoginThrottle(models.Model):
    """When the next login attempt for a slowed user name may be checked
    (accounts/login_throttle.py); claimed by one request at a time."""

    # As long as django-axes's user name, which the failures are counted by.
    nama_pengguna = models.CharField(max_length=255, unique=True)
    berikutnya = models.DateTimeField()

    class Meta:
        # The table keeps the name it was created with (the model was renamed).
        db_table = "accounts_jedamasuk"
        verbose_name = "jeda masuk"
        verbose_name_plural = "jeda masuk"

    def __str__(self) -> str:
        return f"{self.nama_pengguna}: {self.berikutnya:%Y-%m-%d %H:%M:%S}"
