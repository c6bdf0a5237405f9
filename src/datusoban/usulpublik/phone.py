"""An Indonesian mobile number as a citizen types it: 08…, +628… or 628…, with spaces,
dots or dashes; kept as 08… (10 to 13 digits)."""

from __future__ import annotations

import re

from datusoban.refusal import RefusedError

_MOBILE = re.compile(r"08[1-9]\d{7,10}")
SALAH = "Tulis nomor HP Indonesia yang aktif, mis. 0812 3456 7890."


def mobile(typed: str) -> str:
    """The number as 08…; refused (``field`` telepon) when it is not a mobile number."""
    digits = re.sub(r"[\s.\-()]", "", typed.strip())
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62"):
        digits = "0" + digits[2:]
    if not _MOBILE.fullmatch(digits):
        raise RefusedError("telepon", SALAH, field="telepon")
    return digits
