"""The limits a file must stay within before the reader spends memory on it.

Every figure below was measured on the 2-core, 24 GB machine the README's
benchmarks run on (fastexcel 0.21 / calamine 0.36, polars), each read in a
process of its own (benchmarks/xlsx_limits.py). A file within these limits
is read in at most about 2.2 GB; a file refused by them costs the importing
process less than 200 MB (at most 156 MB over the hostile corpus,
benchmarks/hostile_files.py), because it is refused before any reader
allocates.
"""

from __future__ import annotations

# --- every file ---------------------------------------------------------------

# The widest real layout we map (a SIKS-NG / DTSEN export with every
# indicator column) has about 120 columns; 200 leaves room for a kab/kota
# office's own additions while refusing a sheet whose formatting ran off to
# column XFD, which would otherwise become thousands of empty columns.
MAX_COLUMNS = 200

# One person's record is a few hundred bytes; a "line" of megabytes means the
# file has no line breaks we recognise (binary junk, or one giant quoted
# field), and handing it to the CSV parser would only waste memory and time.
MAX_LINE_BYTES = 1 << 20  # 1 MiB

# The longest value a cell may hold. Excel itself stops at 32,767 characters
# in a cell; no name, address or note we import comes near. 128 KiB is also
# where Python's csv module stops (csv.field_size_limit), so a longer field
# used to surface as a misleading "check the quotes" message.
MAX_CELL_BYTES = 128 << 10  # 128 KiB

# The whole province's DTSEN export (about 4.2 million people at roughly 300
# bytes each) is about 1.3 GB as CSV; 2 GiB fits it with room to spare. The
# CSV reader holds the file in memory (plus about twice that while parsing),
# so this also caps the memory one import can take.
MAX_FILE_BYTES = 2 << 30  # 2 GiB

# Exports put a title, a date, a signature block or blank rows above the
# column names; in every layout we have seen the header is within the first
# ten rows. Twenty is generous and keeps the search cheap.
HEADER_SEARCH_ROWS = 20

# --- XLSX: the zip archive ----------------------------------------------------
# An .xlsx is a zip of XML parts. The reader (calamine) trusts the archive, so
# these are checked with the standard library first, from the archive's own
# directory and then by decompressing each part that will be read as a stream.

# A workbook saved by Excel has a dozen parts plus about four per sheet
# (sheet, relationships, drawing, comments); 10,000 allows 2,000 sheets.
MAX_ZIP_ENTRIES = 10_000

# The archive's directory is read whole by zipfile and by calamine's zip
# crate: 4 MiB holds far more than 10,000 entries (about 100 bytes each).
MAX_ZIP_DIRECTORY_BYTES = 4 << 20

# Declared sizes of all parts together, uncompressed. The largest sheet Excel
# can hold (1,048,575 rows under a header) of a 13-column register measured
# 553 MB of sheet XML plus 76 MB of shared strings; 4 GiB is room for six.
MAX_UNCOMPRESSED_BYTES = 4 << 30

# One sheet part, uncompressed. Scanning it takes about 10 s per GB (that
# register's 553 MB: 5.5 s); a part beyond 2 GiB would hold more cells than
# MAX_SHEET_CELLS anyway.
MAX_SHEET_PART_BYTES = 2 << 30

# The workbook, its relationships, styles and the like: a few hundred KB in
# real files (styles of a heavily formatted workbook: about 1 MB).
MAX_OTHER_PART_BYTES = 64 << 20

# Deflate shrinks real sheet XML 5 to 30 times (measured: 8 for a register
# of names and numbers, 12 for a sheet of formatted empty cells, 27 for one
# value repeated 2 million times). A zip bomb packs 400 to 1,000 to 1. Parts
# smaller than MAX_RATIO_FROM_BYTES are not judged: tiny parts compress oddly.
MAX_COMPRESSION_RATIO = 200
MAX_RATIO_FROM_BYTES = 1 << 20

# --- XLSX: one sheet ------------------------------------------------------------

# Excel's own grid: 1,048,576 rows of 16,384 columns. A cell beyond it can
# only come from a file made to break readers.
MAX_SHEET_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384

# The reader turns a sheet into a dense grid from its first row to its last
# filled cell and from its first to its last filled column, empty cells
# included: one far cell (XFD1048576) makes 17 billion cells, which is what
# aborted the process before. Measured: about 70 bytes per grid cell (10
# million empty ones: 746 MB, the process itself about 70 MB of it). 16
# million cells hold Excel's 1,048,576 rows at 15 columns.
MAX_SHEET_CELLS = 16_000_000

# Unique texts of the workbook (the shared-strings part), which the reader
# keeps for the whole workbook: about 40 bytes each besides their text
# (3 million strings of 10 characters: 246 MB). A sheet of MAX_SHEET_CELLS
# cannot use more than that many.
MAX_SHARED_STRINGS = MAX_SHEET_CELLS

# What reading one sheet may cost, estimated before reading from the figures
# below; a sheet above it is refused with the advice to send it as CSV, which
# takes a third of the memory. 2 GiB admits the 13-column register of
# 1,048,575 rows (estimate 1.62 GB, measured peak 1.76 GB with the process
# itself; the same rows as CSV: 0.54 GB).
MAX_XLSX_READ_BYTES = 2 << 30

# The estimate's parts, each measured alone (without the process's own 70 MB):
# a grid cell, empty or not: 10 million empty cells, 0.68 GB;
XLSX_BYTES_PER_CELL = 70
# a byte of cell text, held several times over (the reader's cell, the Arrow
# column, the polars frame and its cleaned copy): 402 MB of text, 1.50 GB;
XLSX_BYTES_PER_TEXT_BYTE = 4
# a shared string besides its text: 3 million of 10 characters, 0.18 GB.
XLSX_BYTES_PER_SHARED_STRING = 40
