"""What of a person's source rows and PPKS history a role may see on a page.

The golden fields are masked by ``accounts.masking``; the same policy (roles.toml)
applies to the two things that module does not know: a source row as received (any
column, any header: ``impor.received``, shared with the exports and the data subject's
report) and a PPKS category (some are specific data).
"""

from __future__ import annotations

from datusoban.impor.received import received_values
from datusoban.subjek.disclosure import ppks_visible

__all__ = ["ppks_visible", "received_values"]
