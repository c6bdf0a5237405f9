"""Reading an operator's file (CSV or XLSX) as a table of text, or refusing it clearly.

The first step of an import: no meaning is given to the columns yet, no
Django and no database. Every refusal is a ReadError whose message, in
Bahasa Indonesia, names the file, the line or row and what to do.
"""

from datusoban.impor.reading.errors import ReadError
from datusoban.impor.reading.limits import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_LINE_BYTES,
)
from datusoban.impor.reading.read import file_sha256, read_table, sheet_names
from datusoban.impor.reading.safety import formula_mask, neutralise
from datusoban.impor.reading.table import RawTable

__all__ = [
    "HEADER_SEARCH_ROWS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_LINE_BYTES",
    "RawTable",
    "ReadError",
    "file_sha256",
    "formula_mask",
    "neutralise",
    "read_table",
    "sheet_names",
]
