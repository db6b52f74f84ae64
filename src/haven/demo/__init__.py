"""Synthetic demo data for a local Haven (``haven demo``). Never a real person."""
