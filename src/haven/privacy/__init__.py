"""Retention, erasure and subject-access export across every module.

Each module holding personal data provides ``haven.<module>.privacy`` (plain functions,
found by ``haven.privacy.hooks.discover``): ``RETENTION`` (the kinds of record it keeps
and for how long), ``expired``, ``anonymise``, ``erase_person`` and ``export_person``.
This app runs them: ``haven retention``, the two-person erasure procedure, and the
subject-access export. See docs/privacy.md.
"""
