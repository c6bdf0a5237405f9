"""The limits a file must stay within before the reader spends memory on it."""

from __future__ import annotations

# The widest real layout we map (a SIKS-NG / DTSEN export with every
# indicator column) has about 120 columns; 200 leaves room for a kab/kota
# office's own additions while refusing a sheet whose formatting ran off to
# column XFD, which would otherwise become thousands of empty columns.
MAX_COLUMNS = 200

# One person's record is a few hundred bytes; a "line" of megabytes means the
# file has no line breaks we recognise (binary junk, or one giant quoted
# field), and handing it to the CSV parser would only waste memory and time.
MAX_LINE_BYTES = 1 << 20  # 1 MiB

# The whole province's DTSEN export (about 4.2 million people at roughly 300
# bytes each) is about 1.3 GB as CSV; 2 GiB fits it with room to spare. The
# CSV reader holds the file in memory (plus about twice that while parsing),
# so this also caps the memory one import can take.
MAX_FILE_BYTES = 2 << 30  # 2 GiB

# Exports put a title, a date, a signature block or blank rows above the
# column names; in every layout we have seen the header is within the first
# ten rows. Twenty is generous and keeps the search cheap.
HEADER_SEARCH_ROWS = 20
