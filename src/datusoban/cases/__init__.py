"""Social case reports and referrals, grievances (sanggahan) and disaster response."""
