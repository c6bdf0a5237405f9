"""Disaster response (bencana): events, victims, logistics, Tagana and the situation report."""
