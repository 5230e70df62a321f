"""Listings: the catalogue's queries, editing, seeding, limits, the audit log and CSV."""
