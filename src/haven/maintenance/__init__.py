"""Keeping the data whole: backups and their restore, field-key rotation."""
