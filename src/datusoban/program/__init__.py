"""Programmes as received: enrolments and their history, payment stages, overlaps, indicators."""
