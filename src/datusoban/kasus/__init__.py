"""Social case reports (kasus): intake, steps, consent, referrals between services."""
