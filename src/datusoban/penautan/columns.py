"""Column names: the interchange format (docs/INTERCHANGE.md) and the derived features."""

from __future__ import annotations

from datusoban.interchange import COLUMNS, RECORD_ID, REQUIRED

SOURCE = "source"
UNIQUE_ID = "unique_id"  # Splink's row key: an integer, one per input row

INTERCHANGE = COLUMNS
__all__ = ["INTERCHANGE", "RECORD_ID", "REQUIRED", "SOURCE", "UNIQUE_ID"]

OUTPUT = (SOURCE, RECORD_ID, "person_id")
OUTPUT_EXTRA = ("cluster_size", "link_probability")
