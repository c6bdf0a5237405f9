"""Grievances (sanggahan): a citizen disputes a registry or programme decision."""
