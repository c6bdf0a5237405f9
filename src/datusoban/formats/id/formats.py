"""Dates for Bahasa Indonesia: one long and one short style, day first, month in words.

Django's own ``id`` module writes "5 Jan. 2017" beside "5 Maret 2017" (DATE_FORMAT "j N Y")
and "05-03-2017" (SHORT_DATE_FORMAT); these replace the four date(time) formats, and
every other format (numbers, input formats) still comes from Django's module.
"""

DATE_FORMAT = "j F Y"  # 5 Maret 2017
SHORT_DATE_FORMAT = "j M Y"  # 5 Mar 2017
DATETIME_FORMAT = "j F Y, H.i"  # 5 Maret 2017, 14.07
SHORT_DATETIME_FORMAT = "j M Y H.i"  # 5 Mar 2017 14.07
