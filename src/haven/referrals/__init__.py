"""Referrals to receiving bodies (refugee agency, legal aid, health, ...) with consent
per class of data, and group petitions."""
